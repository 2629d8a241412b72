/**
 * The daily worklist (每日一清零): a returnee is under home isolation with a grid worker on the team.
 * The grid worker signs in on a phone, finds the person due a check, records 36.5 °C in the bottom
 * sheet, and sees the shift turn done with a tick — without a reload. Then staff put another resident
 * under watch from the key-persons page on a desktop, and see the planned end before saving.
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
  screenshot,
  screenshotBoth,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Isolation-HQ-2026!';
const WORKER = { username: 'grid.zhou', name: '网格员小周', newPassword: 'Grid-Zhou-2026!' };
const WATCHED = '周建华';
const CONTACT = '吴敏';
const LOAD = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let workerPassword = '';
let isolationId = '';

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

/** A calendar day `n` days before today in Asia/Shanghai (the deployment's and the browser's zone). */
function daysAgo(n: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function post(path: string, body: unknown) {
  const res = await apiCall(page, 'POST', path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

describe('isolation journey', () => {
  it('sets up a household, a grid worker and a returnee in home isolation', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);

    const root = (await apiCall(page, 'GET', '/api/units')).body.items[0].id as string;
    const community = await post('/api/units', { parentId: root, type: 'community', name: '隔离社区' });
    const compound = await post('/api/units', { parentId: community.id, type: 'compound', name: '观察小区' });
    await post(`/api/units/${compound.id}/bulk`, {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 1,
      floors: 1,
      roomsPerFloor: 2,
    });
    const grid = await apiCall(page, 'GET', `/api/coverage/grid?compound=${compound.id}`);
    const room = grid.body.buildings[0].entrances[0].rooms[0].id as string;
    const household = await post('/api/households', {
      roomId: room,
      persons: [
        { name: WATCHED, relation: 'head', travelFrom: '湖北武汉', returnedOn: daysAgo(2) },
        { name: CONTACT, relation: 'spouse' },
      ],
    });
    const watched = household.persons.find((p: { name: string }) => p.name === WATCHED);

    const created = await post('/api/users', {
      username: WORKER.username,
      displayName: WORKER.name,
      role: 'grid_worker',
      unitId: community.id,
    });
    workerPassword = created.temporaryPassword;
    const keyPerson = await post('/api/key-persons', {
      personId: watched.id,
      category: 'risk_area_returnee',
      details: { origin: '湖北武汉', arrivedOn: daysAgo(2) },
      source: 'screening',
      teamIds: [created.user.id],
    });
    const order = await post('/api/isolations', {
      keyPersonId: keyPerson.id,
      kind: 'home',
      doorSealed: true,
    });
    isolationId = order.id;
    // 14 days from the arrival two days ago.
    expect(order.plannedEndOn).toBe(daysAgo(-12));
  });

  it('lets the grid worker record a check on a phone: the shift turns done with a tick', async () => {
    const p = await phone.newPage();
    const errors = trackPageErrors(p);
    await p.goto(url('/login'));
    await login(p, WORKER.username, workerPassword);
    await changePassword(p, workerPassword, WORKER.newPassword);
    await p.waitForURL((u) => !u.pathname.startsWith('/change-password'));
    await p.goto(url('/isolation'));
    await settle(p);

    // "Only mine" is on for a grid worker, and the person is on their team.
    expect(await p.getByTestId('worklist-mine').getAttribute('aria-checked')).toBe('true');
    const row = p.locator(`[data-testid="worklist-row"][data-isolation="${isolationId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), LOAD).toBe('due');
    expect(await textOf(row)).toContain(WATCHED);
    expect(await textOf(p.getByTestId('worklist-count-due').getByTestId('value'))).toBe('1');

    // The shift due now (morning or afternoon, whenever the journey runs).
    const due = row.locator('[data-testid="shift-cell"][data-state="due"]');
    const shift = await due.getAttribute('data-shift');
    await due.click();
    const sheet = p.getByTestId('check-sheet');
    await sheet.waitFor();
    expect(await textOf(p.getByTestId('check-title'))).toContain(WATCHED);
    // Typed without the dot, as with gloves on: read as 36.5.
    await p.locator('#check-temperature').fill('365');
    expect(await textOf(p.getByTestId('check-temperature-hint'))).toContain('36.5');
    await expect.poll(() => p.getByTestId('check-fever-warning').count()).toBe(0);
    await screenshot(p, 'isolation-check-sheet');
    // A double tap stores one check.
    await p.getByTestId('check-save').dblclick();
    await sheet.waitFor({ state: 'detached', timeout: 15_000 });

    const cell = row.locator(`[data-testid="shift-cell"][data-shift="${shift}"]`);
    await expect.poll(() => cell.getAttribute('data-state'), LOAD).toBe('done');
    expect(await cell.getByTestId('shift-tick').count()).toBe(1);
    expect(await textOf(cell)).toContain('36.5');
    expect(await cell.getAttribute('aria-label')).toContain('已测');
    await expect.poll(() => row.getAttribute('data-state'), LOAD).toBe('done');
    await expect
      .poll(() => textOf(p.getByTestId('worklist-count-done').getByTestId('value')), LOAD)
      .toBe('1');

    const order = await apiCall(p, 'GET', `/api/isolations/${isolationId}`);
    expect(order.body.checks).toHaveLength(1);
    expect(order.body.checks[0].temperature).toBe(36.5);
    // Nothing on the page is wider than the phone.
    expect(
      await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('lets staff put a resident under watch from the key-persons page, showing the planned end', async () => {
    await page.goto(url('/isolation/persons'));
    await settle(page);
    await expect.poll(() => textOf(page.getByTestId('key-person-list')), LOAD).toContain(WATCHED);
    await page.getByTestId('key-person-create').click();
    const dialog = page.getByTestId('key-person-dialog');
    await dialog.waitFor();

    await page.locator('#personId').fill(CONTACT);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: CONTACT }).click();
    await expect.poll(() => textOf(page.getByTestId('key-person-picked'))).toContain('观察小区');
    await page.locator('#category').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '密切接触者' })
      .click();
    await page.locator('#details_lastExposureOn').click();
    await page.locator('#details_lastExposureOn').fill(daysAgo(3));
    await page.keyboard.press('Enter');
    await page.locator('#details_caseRef').fill('2号病例');
    // 14 days from the last exposure, shown before saving.
    await expect.poll(() => textOf(page.getByTestId('key-person-planned-end'))).toContain(daysAgo(-11));
    await page.locator('.ant-modal-footer:visible .ant-btn-primary').click();

    await page.waitForURL(/\/isolation\/orders\/[0-9a-f-]+$/, LOAD);
    await settle(page);
    expect(await textOf(page.getByTestId('order-name'))).toBe(CONTACT);
    expect(await textOf(page.getByTestId('order-dates'))).toContain(daysAgo(-11));
    expect(await textOf(page.getByTestId('order-history'))).toContain('开始居家隔离');
  });

  it('shows the worklist to staff on a desktop with both persons, and on a phone', async () => {
    await page.goto(url('/isolation'));
    await settle(page);
    const rows = page.locator('[data-testid="worklist-rows"] tbody tr[data-row-key]');
    await expect.poll(() => rows.count(), LOAD).toBe(2);
    const table = await textOf(page.getByTestId('worklist-rows'));
    expect(table).toContain(WATCHED);
    expect(table).toContain(CONTACT);
    expect(await textOf(page.locator(`tr[data-row-key="${isolationId}"]`))).toContain('36.5');
    await page.mouse.move(0, 0);
    await screenshotBoth(page, phone, 'isolation-worklist');
    expect(pageErrors).toEqual([]);
  });
});
