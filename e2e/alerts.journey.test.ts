/**
 * A fever raises an alert on the community page (告警处置): community staff have the alerts page open
 * on a desk; a grid worker records a 37.9 °C check; the alert appears at once, without a reload, marked
 * as new. Staff handle it (sent to the fever clinic), and the floor plan of the compound
 * (隔离人员位置平面图) shows that household's room red, with a masked name and a way to the order.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  changePassword,
  closeJourney,
  login,
  openJourney,
  type RunningServer,
  screenshotBoth,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Alerts-HQ-2026!';
const STAFF = { username: 'alertstaff', newPassword: 'Alerts-Staff-2026!' };
const LOAD = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
/** The administrator, in a browser of their own: sets up the grid, and plays the grid worker. */
let admin: Page;
let compoundId = '';
let roomId = '';
let isolationId = '';

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
  admin = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;
const rows = (p: Page, status: 'open' | 'handled') =>
  p.locator(`[data-testid="alert-row"][data-status="${status}"]`);

/** A set-up call as the administrator, which must succeed. */
async function ok(method: string, path: string, body?: unknown) {
  const res = await apiCall(admin, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

describe('alerts journey', () => {
  it('sets up a compound with a household in home isolation and a community staff account', async () => {
    const adminErrors = trackPageErrors(admin);
    await admin.goto(url('/login'));
    await login(admin, 'admin', server.adminPassword);
    await changePassword(admin, server.adminPassword, ADMIN_NEW_PASSWORD);
    await admin.waitForURL(/\/units/);

    const root = (await ok('GET', '/api/units')).items[0];
    const community = await ok('POST', '/api/units', {
      parentId: root.id,
      type: 'community',
      name: '告警社区',
    });
    const compound = await ok('POST', '/api/units', {
      parentId: community.id,
      type: 'compound',
      name: '告警小区',
    });
    compoundId = compound.id;
    await ok('POST', `/api/units/${compoundId}/bulk`, {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 1,
      floors: 2,
      roomsPerFloor: 2,
    });
    const grid = await ok('GET', `/api/coverage/grid?compound=${compoundId}`);
    const rooms = grid.buildings[0].entrances[0].rooms as { id: string; name: string }[];
    roomId = rooms.find((r) => r.name === '201')?.id ?? '';
    const household = await ok('POST', '/api/households', { roomId, persons: [{ name: '王秀英' }] });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const keyPerson = await ok('POST', '/api/key-persons', {
      personId: household.persons[0].id,
      category: 'risk_area_returnee',
      details: { origin: '武汉', arrivedOn: today },
      source: 'screening',
    });
    isolationId = (await ok('POST', '/api/isolations', { keyPersonId: keyPerson.id, kind: 'home' })).id;

    const staff = await ok('POST', '/api/users', {
      username: STAFF.username,
      displayName: '社区值班员',
      role: 'community_staff',
      unitId: community.id,
    });
    await page.goto(url('/login'));
    await login(page, STAFF.username, staff.temporaryPassword);
    await changePassword(page, staff.temporaryPassword, STAFF.newPassword);
    await page.waitForURL(/\/units/);
    expect(adminErrors).toEqual([]);
  });

  it('shows a fever check as a new alert on the open page, without a reload', async () => {
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/events'), LOAD);
    await page.getByRole('menuitem', { name: '隔离管控' }).click();
    await page.getByTestId('isolation-nav').getByRole('tab', { name: '告警处置' }).click();
    await page.waitForURL(/\/isolation\/alerts$/);
    await settle(page);
    await expect.poll(() => page.getByTestId('alerts-none').count(), LOAD).toBe(1);
    // The live stream is open before anything happens.
    expect((await stream).status()).toBe(200);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // A grid worker records the afternoon check on their phone: 37.9 °C.
    const check = await ok('POST', `/api/isolations/${isolationId}/checks`, {
      id: crypto.randomUUID(),
      at: new Date().toISOString(),
      temperature: 37.9,
      symptoms: ['cough'],
      method: 'visit',
    });
    expect(check.alertId).toBeTruthy();

    const row = page.locator(`[data-testid="alert-row"][data-alert="${check.alertId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.getAttribute('data-fresh')).toBe('true');
    const text = await textOf(row);
    expect(text).toContain('王秀英');
    expect(text).toContain('37.9°C');
    expect(text).toContain('咳嗽');
    expect(text).toContain('告警小区 1号楼 1单元 201');
    expect(text).toContain('已等待');
    expect(await textOf(page.getByTestId('alerts-new-banner'))).toContain('1 条新告警');
    expect(await textOf(page.getByTestId('alerts-open-count'))).toContain('1');
    expect(await row.getByTestId('alert-order').getAttribute('href')).toBe(
      `/isolation/orders/${isolationId}`,
    );
    await page.mouse.move(0, 0);
    await screenshotBoth(page, phone, 'isolation-alerts');
  });

  it('handles the alert with an outcome and a note, which the handled list keeps with who and when', async () => {
    await rows(page, 'open').first().getByTestId('alert-handle').click();
    const dialog = page.getByTestId('alert-handle-dialog');
    await dialog.waitFor();
    // No outcome chosen: refused with a message, nothing sent.
    await page.getByTestId('alert-handle-submit').click();
    await expect.poll(() => textOf(page.locator('.ant-modal:visible')), LOAD).toContain('请选择处置结果');
    await page.locator('[data-outcome="referred_to_clinic"]').click();
    await page.getByTestId('alert-note').fill('复测 38.0°C，120 转发热门诊');
    await page.getByTestId('alert-handle-submit').click();

    await expect.poll(() => rows(page, 'open').count(), LOAD).toBe(0);
    await expect.poll(() => page.getByTestId('alerts-none').count(), LOAD).toBe(1);
    const handled = rows(page, 'handled');
    await expect.poll(() => handled.count(), LOAD).toBe(1);
    const text = await textOf(handled.first());
    expect(text).toContain('送发热门诊');
    expect(text).toContain('120 转发热门诊');
    expect(text).toContain('社区值班员');
  });

  it('shows the household red on the floor plan of the compound, with a masked name', async () => {
    await page.getByTestId('isolation-nav').getByRole('tab', { name: '位置平面图' }).click();
    await page.waitForURL(/\/isolation\/plan/);
    await page.goto(url(`/isolation/plan?compound=${compoundId}`));
    await settle(page);
    const cell = page.locator(`[data-testid="plan-cell"][data-room="${roomId}"]`);
    await expect.poll(() => cell.getAttribute('data-state'), LOAD).toBe('fever');
    expect(await page.getByTestId('plan-cell').count()).toBe(4);
    expect(await page.locator('[data-testid="plan-cell"][data-state="none"]').count()).toBe(3);
    // Red, not merely labelled so.
    const bg = await cell.evaluate((e) => getComputedStyle(e).backgroundColor);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number) as [number, number, number];
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(120);
    expect(b).toBeLessThan(120);
    expect(await textOf(cell)).toContain('王*英');
    expect(await textOf(page.getByTestId('plan-buildings'))).not.toContain('王秀英');
    expect(await textOf(page.getByTestId('plan-count-fever'))).toContain('1');

    await cell.click();
    const sheet = page.getByTestId('plan-persons');
    await sheet.waitFor();
    expect(await textOf(sheet)).toContain('37.9°C');
    expect(await sheet.getByTestId('plan-order-link').getAttribute('href')).toBe(
      `/isolation/orders/${isolationId}`,
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.isVisible(), LOAD).toBe(false);
    await page.mouse.move(0, 0);
    await screenshotBoth(page, phone, 'isolation-plan');
    expect(pageErrors).toEqual([]);
  });
});
