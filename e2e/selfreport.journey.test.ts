/**
 * Resident self-report (居家健康自报): staff make a secret link for a person in home isolation; the
 * resident, without an account, opens it on a 375 px phone, taps a morning-or-afternoon temperature
 * and "no symptoms", and sees "已提交" with the time. The check is on the order as a self-report
 * awaiting staff confirmation. A second report with a fever and a cough warns before sending and
 * raises an alert for the community at once. A revoked link says so in plain words.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../domain/isolation';
import {
  apiCall,
  changePassword,
  closeJourney,
  type Journey,
  login,
  newContext,
  openJourney,
  PHONE,
  screenshot,
  screenshotBoth,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Selfreport-HQ-2026!';

let j: Journey;
let resident: BrowserContext;
let rp: Page;
let residentErrors: string[];
let isolationId = '';
let link = '';

beforeAll(async () => {
  j = await openJourney();
  // The resident's own phone: no session at all.
  resident = await newContext(j.browser, PHONE);
  rp = await resident.newPage();
  residentErrors = trackPageErrors(rp);
});

afterAll(async () => {
  await closeJourney(j);
});

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

describe('self-report journey', () => {
  it('puts a resident under home isolation and makes a secret link for them', async () => {
    const { page, server } = j;
    await page.goto(`${server.baseUrl}/login`);
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    const root = (await apiCall(page, 'GET', '/api/units')).body.items[0].id as string;
    const unit = async (parentId: string, type: string, name: string, extra: object = {}) => {
      const res = await apiCall(page, 'POST', '/api/units', { parentId, type, name, ...extra });
      expect(res.status, name).toBe(201);
      return res.body.id as string;
    };
    const community = await unit(root, 'community', '自报社区');
    const compound = await unit(community, 'compound', '自报家园');
    const building = await unit(compound, 'building', '3号楼');
    const room = await unit(building, 'household', '502', { floor: 5 });
    const household = await apiCall(page, 'POST', '/api/households', {
      roomId: room,
      persons: [{ name: '王秀英', phone: '13800138000' }],
    });
    expect(household.status).toBe(201);
    const today = localTime('Asia/Shanghai', new Date()).day;
    const kp = await apiCall(page, 'POST', '/api/key-persons', {
      personId: household.body.persons[0].id,
      category: 'close_contact',
      details: { lastExposureOn: today },
      source: 'notice',
    });
    expect(kp.status).toBe(201);
    const order = await apiCall(page, 'POST', '/api/isolations', { keyPersonId: kp.body.id, kind: 'home' });
    expect(order.status).toBe(201);
    isolationId = order.body.id;
    const made = await apiCall(page, 'POST', `/api/isolations/${isolationId}/self-report-link`, {});
    expect(made.status).toBe(201);
    link = made.body.url;
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/q/[\\w-]{32}$`));
  });

  it('lets the resident report a temperature on a phone and shows it was sent, with the time', async () => {
    await rp.goto(link);
    await expect.poll(() => textOf(rp.getByTestId('selfreport-name'))).toBe('王*英，您好');
    // The shift running now is the one to report; nothing on the page names the person in full.
    const view = await rp.evaluate(
      async (u) => (await fetch(u)).json(),
      link.replace('/q/', '/api/public/self-report/'),
    );
    const shift = view.currentShift as number;
    expect(await rp.getByTestId(`selfreport-shift-${shift}`).getAttribute('data-state')).toBe('due');
    expect(await textOf(rp.locator('body'))).not.toContain('王秀英');
    expect(await overflowing(rp)).toEqual([]);

    // Desktop and phone pictures of the form (the desktop page is a staff browser; same page).
    await j.page.goto(link);
    await screenshotBoth(j.page, j.phone, 'selfreport-form');

    // A typing error is caught before sending.
    await rp.getByTestId('selfreport-temperature').fill('3');
    await rp.getByTestId('selfreport-submit').click();
    expect(await textOf(rp.getByTestId('selfreport-temperature-hint'))).toContain('34.0 到 43.0');
    await rp.getByTestId('selfreport-pick-36.6').click();
    expect(await rp.getByTestId('selfreport-temperature').inputValue()).toBe('36.6');
    await rp.getByTestId('selfreport-none').click();
    expect(await rp.getByTestId('selfreport-warning').count()).toBe(0);
    await rp.getByTestId('selfreport-submit').click();
    await rp.getByTestId('selfreport-done').waitFor();
    const detail = await textOf(rp.getByTestId('selfreport-done-detail'));
    expect(detail).toMatch(/^(上午|下午) \d{2}:\d{2} · 体温 36\.6℃$/);
    expect(await textOf(rp.getByTestId('selfreport-done'))).toContain('已提交');
    await expect
      .poll(() => rp.getByTestId(`selfreport-shift-${shift}`).getAttribute('data-state'))
      .toBe('done');
    await settle(rp);
    await screenshot(rp, 'selfreport-done');

    // On the order: a self-report, waiting for a staff member to confirm it.
    const order = await apiCall(j.page, 'GET', `/api/isolations/${isolationId}`);
    expect(order.body.checks).toEqual([
      expect.objectContaining({
        method: 'self_report',
        temperature: 36.6,
        symptoms: [],
        by: null,
        confirmedAt: null,
        shift,
      }),
    ]);
    const shown = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(order.body.checks[0].at));
    expect(detail).toContain(shown);
  });

  it('warns about a fever before sending, and the community gets an alert at once', async () => {
    await rp.getByTestId('selfreport-again').click();
    await rp.getByTestId('selfreport-temperature').fill('38.2');
    await rp.getByTestId('selfreport-symptom-cough').click();
    expect(await textOf(rp.getByTestId('selfreport-warning'))).toContain('120');
    await rp.getByTestId('selfreport-submit').click();
    await rp.getByTestId('selfreport-done-alert').waitFor();
    expect(await textOf(rp.getByTestId('selfreport-done-detail'))).toContain('38.2');
    await screenshot(rp, 'selfreport-fever');

    const alerts = await apiCall(j.page, 'GET', '/api/alerts?status=open');
    expect(alerts.body.items).toEqual([
      expect.objectContaining({
        kind: 'fever',
        sourceType: 'isolation',
        sourceId: isolationId,
        personName: '王秀英',
        details: expect.objectContaining({ temperature: 38.2, symptoms: ['cough'], selfReport: true }),
      }),
    ]);
    const list = await apiCall(j.page, 'GET', '/api/isolations');
    expect(list.body.items[0]).toMatchObject({ id: isolationId, openAlerts: 1, awaitingConfirmation: 2 });
  });

  it('tells the resident in plain words when the link was revoked', async () => {
    const revoked = await apiCall(j.page, 'DELETE', `/api/isolations/${isolationId}/self-report-link`, {});
    expect(revoked.status).toBe(204);
    await rp.reload();
    await expect.poll(() => textOf(rp.getByTestId('selfreport-invalid'))).toContain('链接已经失效');
    expect(residentErrors).toEqual([]);
    expect(j.pageErrors).toEqual([]);
  });
});
