/**
 * Self-registration (自助登记): staff print a compound's QR poster; a resident without an account opens
 * its link on a 375 px phone, picks the room, enters a household of two (a wrong ID check character is
 * flagged while typing), agrees to the privacy notice and submits; staff find the submission in the
 * review queue — a second one naming an already registered resident is flagged and sent back — accept
 * it, and the household page shows both persons.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChild,
  apiCall,
  changePassword,
  closeJourney,
  confirmDialog,
  login,
  newContext,
  openChild,
  openJourney,
  PHONE,
  type RunningServer,
  screenshot,
  screenshotBoth,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Selfreg-HQ-2026!';
const COMMUNITY = '扫码社区';
const COMPOUND = '扫码家园';
// Valid GB 11643 numbers (the first typed with a lower-case check character).
const HEAD = { name: '王秀英', id: '11010519491231002x', phone: '138 0013 8000' };
const SPOUSE = { name: '李建国', id: '410105199003070034', phone: '13900139000' };
const KNOWN = { name: '朱已登', id: '440524188001010014' };

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let resident: BrowserContext;
let page: Page;
let pageErrors: string[];
let registerUrl = '';
let retiredUrl = '';

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
  // The resident's own phone: no session at all.
  resident = await newContext(browser, PHONE);
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

/** Elements reaching past the right edge of the screen (a phone page must not scroll sideways). */
function overflowing(p: Page): Promise<string[]> {
  return p.evaluate(
    (width) =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(0, 2).join('.')}`)
        .slice(0, 8),
    PHONE.width,
  );
}

describe('self-registration journey', () => {
  it('sets up a compound with one building of four rooms and a resident already registered', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    await settle(page);
    await expect.poll(() => textOf(page.getByTestId('unit-title'))).toBeTruthy();
    await addChild(page, COMMUNITY, '社区');
    await openChild(page, COMMUNITY);
    await addChild(page, COMPOUND);
    await openChild(page, COMPOUND);
    await page.getByRole('tab', { name: '批量生成' }).click();
    for (const [field, value] of [
      ['buildingFrom', '1'],
      ['buildingTo', '1'],
      ['entrancesPerBuilding', '1'],
      ['floors', '2'],
      ['roomsPerFloor', '2'],
    ] as const) {
      await page.locator(`#${field}`).fill(value);
    }
    await page.getByTestId('bulk-submit').click();
    await expect.poll(() => textOf(page.getByTestId('bulk-result')), { timeout: 30_000 }).toContain('4');
  });

  it('prints the compound poster with a QR code and the link under it', async () => {
    await page.getByTestId('unit-poster').click();
    await page.waitForURL(/\/print\/poster\//);
    await settle(page);
    expect(await textOf(page.getByTestId('poster-compound'))).toBe(COMPOUND);
    expect(await textOf(page.getByTestId('poster-sheet'))).toContain('扫码登记');
    expect(await textOf(page.getByTestId('poster-area'))).toContain(COMMUNITY);
    const qr = page.getByTestId('poster-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    registerUrl = (await textOf(page.getByTestId('poster-url'))).trim();
    expect(registerUrl).toMatch(new RegExp(`^${server.baseUrl}/r/[\\w-]{16,40}$`));
    // The print button and the rotate action are not on the printed sheet.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('poster-print').isVisible()).toBe(false);
    expect(await page.getByTestId('poster-rotate').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await screenshotBoth(page, phone, 'selfreg-poster');
    // Asking again gives the same link: printed posters keep working until staff rotate it.
    await page.reload();
    await settle(page);
    expect((await textOf(page.getByTestId('poster-url'))).trim()).toBe(registerUrl);
    // A new link, after a warning: the old QR code stops working.
    await page.getByTestId('poster-rotate').click();
    expect(await textOf(page.locator('.ant-modal-confirm:visible'))).toContain('旧二维码立即失效');
    await page.locator('.ant-modal-confirm:visible .ant-btn-dangerous').click();
    await expect
      .poll(async () => (await textOf(page.getByTestId('poster-url'))).trim())
      .not.toBe(registerUrl);
    retiredUrl = registerUrl;
    registerUrl = (await textOf(page.getByTestId('poster-url'))).trim();

    // Someone registered already by staff, who will also turn up in a resident's submission.
    const form = await apiCall(page, 'GET', `/api/public/register/${registerUrl.split('/r/')[1]}`);
    const room102 = form.body.rooms.find((r: { name: string }) => r.name === '102');
    const known = await apiCall(page, 'POST', '/api/households', {
      roomId: room102.id,
      persons: [{ name: KNOWN.name, idNumber: KNOWN.id }],
    });
    expect(known.status).toBe(201);
  });

  it('lets a resident without an account register a household of two on a phone', async () => {
    const rp = await resident.newPage();
    const residentErrors = trackPageErrors(rp);
    // A link that was rotated (or never existed) says so in plain words.
    for (const dead of [retiredUrl, url('/r/not-a-real-token-123456')]) {
      await rp.goto(dead);
      await expect.poll(() => textOf(rp.getByTestId('selfreg-invalid'))).toContain('二维码已失效');
    }

    await rp.goto(registerUrl);
    await expect.poll(() => textOf(rp.getByTestId('selfreg-compound'))).toBe(COMPOUND);
    // No session: the page stays where it is instead of sending the resident to the login page.
    await rp.waitForTimeout(1_000);
    expect(new URL(rp.url()).pathname).toMatch(/^\/r\//);

    // One building and one entrance: picked already; the rooms are big buttons.
    expect(await textOf(rp.getByTestId('selfreg-building'))).toContain('1号楼');
    await rp.getByTestId('selfreg-rooms').getByRole('button', { name: '201', exact: true }).click();
    await rp.getByTestId('selfreg-next').click();
    await expect
      .poll(() => textOf(rp.getByTestId('selfreg-address')))
      .toContain(`${COMPOUND} 1号楼 1单元 201`);

    // First person, with a wrong check character at first: the mistake shows while typing.
    await rp.locator('#selfreg-0-name').fill(HEAD.name);
    await rp.locator('#selfreg-0-idNumber').fill('110105194912310021');
    await expect.poll(() => textOf(rp.getByTestId('selfreg-0'))).toContain('身份证号校验位错误');
    // Going on is refused until it is right.
    await rp.getByTestId('selfreg-next').click();
    await expect.poll(() => textOf(rp.getByTestId('selfreg-banner'))).toContain('请先更正');
    await rp.locator('#selfreg-0-idNumber').fill(HEAD.id);
    await expect.poll(() => textOf(rp.getByTestId('selfreg-0'))).toContain('女 · 1949-12-31');
    await rp.locator('#selfreg-0-phone').fill(HEAD.phone);
    await rp.getByTestId('selfreg-0').getByText('独居老人').click();

    // Second person: the spouse, back from Wuhan by train.
    await rp.getByTestId('selfreg-add').click();
    await rp.locator('#selfreg-1-name').fill(SPOUSE.name);
    await rp.locator('#selfreg-1-relation').click();
    await rp.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '配偶' }).click();
    await rp.locator('#selfreg-1-idNumber').fill(SPOUSE.id);
    await rp.locator('#selfreg-1-phone').fill(SPOUSE.phone);
    await rp.getByTestId('selfreg-1-travelled').getByText('是').click();
    await rp.locator('#selfreg-1-travelFrom').fill('湖北武汉');
    await rp.locator('#selfreg-1-returnedOn').fill('2020-01-21');
    await rp.getByTestId('selfreg-1').getByText('火车').click();
    await expect.poll(() => textOf(rp.getByTestId('selfreg-1'))).toContain('男 · 1990-03-07');
    await rp.evaluate(() => window.scrollTo(0, 0));
    await screenshot(rp, 'selfreg-phone');
    // Nothing is wider than the phone.
    expect(await overflowing(rp)).toEqual([]);

    await rp.getByTestId('selfreg-next').click();
    const notice = await textOf(rp.getByTestId('selfreg-privacy'));
    for (const part of ['用途', '收集的信息', '保存期限', '收集单位', COMMUNITY])
      expect(notice).toContain(part);
    expect(await textOf(rp.getByTestId('selfreg-summary'))).toContain('共 2 人');
    // Without the tick nothing can be sent.
    expect(await rp.getByTestId('selfreg-submit').isDisabled()).toBe(true);
    await rp.getByTestId('selfreg-consent').click();
    await rp.getByTestId('selfreg-submit').click();
    await expect
      .poll(() => textOf(rp.getByTestId('selfreg-done')), { timeout: 15_000 })
      .toContain('提交成功');
    await screenshot(rp, 'selfreg-done');

    // A second household names someone registered already: the resident gets the same answer.
    const token = registerUrl.split('/r/')[1];
    const second = await apiCall(rp, 'GET', `/api/public/register/${token}`);
    const room202 = second.body.rooms.find((r: { name: string }) => r.name === '202');
    const dup = await apiCall(rp, 'POST', `/api/public/register/${token}`, {
      roomId: room202.id,
      consent: true,
      persons: [{ name: KNOWN.name, idNumber: KNOWN.id }],
    });
    expect(dup).toEqual({ status: 202, body: { received: true } });
    expect(residentErrors).toEqual([]);
    await rp.close();
  });

  it('lets staff review the queue: the duplicate is flagged and sent back, the household accepted', async () => {
    await page.goto(url('/registry/registrations'));
    await settle(page);
    const cards = page.getByTestId('registration');
    await expect.poll(() => cards.count()).toBe(2);
    const household = cards.filter({ hasText: '1单元 201' });
    const text = await textOf(household);
    expect(text).toContain(HEAD.name);
    expect(text).toContain(SPOUSE.name);
    expect(text).toContain('1101**********002X');
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
    expect(text).toContain('自湖北武汉返回');
    const duplicate = cards.filter({ hasText: '1单元 202' });
    expect(await duplicate.getByTestId('registration-duplicate').count()).toBe(1);
    await screenshotBoth(page, phone, 'registrations-queue');

    // Accepting the duplicate is refused with the reason; it goes back to the resident's side instead.
    await duplicate.getByTestId('registration-accept').click();
    await expect
      .poll(() => textOf(duplicate.getByTestId('registration-error')), { timeout: 10_000 })
      .toContain('该证件号已登记');
    await duplicate.getByTestId('registration-reject').click();
    await page.locator('.ant-modal:visible').getByText('重复提交', { exact: true }).click();
    await confirmDialog(page);
    await expect.poll(() => cards.count()).toBe(1);

    // The household is corrected (the place written out in full) and accepted; the masked ID numbers
    // and phones in the form stand for what the resident sent.
    await household.getByTestId('registration-correct').click();
    const dialog = page.locator('.ant-modal:visible');
    expect(await dialog.locator('#correct-0-idNumber').inputValue()).toBe('1101**********002X');
    await dialog.getByTestId('correct-1').getByLabel('来自（地区）').fill('湖北省武汉市');
    await confirmDialog(page);
    await expect
      .poll(() => textOf(page.getByTestId('registrations-accepted')), { timeout: 15_000 })
      .toContain(`${COMPOUND} 1号楼 1单元 201`);
    await expect.poll(() => cards.count()).toBe(0);
    await page.getByTestId('registrations-accepted-household').click();
    await page.waitForURL(/\/registry\/households\//);
    await settle(page);
    const persons = await textOf(page.getByTestId('household-persons'));
    expect(persons).toContain(HEAD.name);
    expect(persons).toContain(SPOUSE.name);
    expect(persons).toContain('1101**********002X');

    // The other tabs keep what was decided.
    await page.goto(url('/registry/registrations?status=rejected'));
    await settle(page);
    await expect
      .poll(() => textOf(page.getByTestId('registrations-list')), { timeout: 10_000 })
      .toContain('退回原因：重复提交');
    await page.goto(url('/registry/registrations?status=accepted'));
    await settle(page);
    await expect.poll(() => page.getByTestId('registration-household').count(), { timeout: 10_000 }).toBe(1);

    // Server state: one household of two in room 201, the ID number stored in full.
    const search = await apiCall(page, 'GET', `/api/persons?q=${encodeURIComponent(SPOUSE.name)}`);
    expect(search.body.items).toHaveLength(1);
    expect(search.body.items[0]).toMatchObject({
      address: `${COMPOUND} 1号楼 1单元 201`,
      relation: 'spouse',
      travelFrom: '湖北省武汉市',
      returnedOn: '2020-01-21',
      transport: 'train',
      source: 'self',
    });
    const reveal = await apiCall(page, 'POST', `/api/persons/${search.body.items[0].id}/reveal`, {
      field: 'idNumber',
      reason: '核对身份信息',
    });
    expect(reveal.body.value).toBe(SPOUSE.id);
    const head = await apiCall(page, 'GET', `/api/persons?q=${encodeURIComponent(HEAD.name)}`);
    expect(head.body.items[0]).toMatchObject({
      relation: 'head',
      careFlags: ['elderly_alone'],
      sex: 'female',
    });
    const phoneNumber = await apiCall(page, 'POST', `/api/persons/${head.body.items[0].id}/reveal`, {
      field: 'phone',
      reason: '电话随访',
    });
    expect(phoneNumber.body.value).toBe('13800138000');
    expect(pageErrors).toEqual([]);
  });
});
