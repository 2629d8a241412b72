/**
 * Daily reports (日报告、零报告) and the command dashboard: a sub-district with two communities and
 * their admins. HQ watches the roll-up on a desktop while a community admin, on a phone, opens the
 * day's report, sees nothing new and submits a zero report — explicitly, through a confirmation.
 * HQ's roll-up turns that community from owed to submitted without a reload. The roll-up is exported
 * to .xlsx and read back with ExcelJS: the summary's totals equal the per-community sheets. Then the
 * dashboard, on a desktop and a phone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../server/lib/exceljs';
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

const ADMIN_NEW_PASSWORD = 'Reports-HQ-2026!';
const TEMP_PASSWORD = 'Reports-Temp-2026!';
const NEW_PASSWORD = 'Reports-Mine-2026!';
const A = '东湖社区';
const B = '西岭社区';
const LOAD = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let communityA = '';
let communityB = '';
let reportDay = '';
let today = '';
let compoundA = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-reports-'));

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const url = (p: string) => `${server.baseUrl}${p}`;
const rows = (p: Page) => p.getByTestId('rollup-row');
const row = (p: Page, unitId: string) => p.locator(`[data-testid="rollup-row"][data-unit="${unitId}"]`);

type Cell = CellValue;
/** A cell's number, whether typed in or the cached result of a formula. */
function num(v: Cell): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v) return Number(v.result ?? 0);
  return Number(v ?? 0);
}

/** Downloads the roll-up workbook of a day through the page's button and opens it with ExcelJS. */
async function exportRollup(p: Page, name: string): Promise<Workbook> {
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('rollup-export').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = path.join(tmp, name);
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The summary sheet as header → value per row, community rows first, the total row last. */
function summaryRows(wb: Workbook): { ws: Worksheet; header: string[]; rows: Map<string, Cell>[] } {
  const ws = wb.getWorksheet('汇总');
  if (!ws) throw new Error('no summary sheet');
  let headerRow = 0;
  ws.eachRow((r, n) => {
    if (!headerRow && r.getCell(1).value === '序号') headerRow = n;
  });
  expect(headerRow).toBeGreaterThan(0);
  const header = (ws.getRow(headerRow).values as Cell[]).slice(1).map((v) => String(v ?? ''));
  const out: Map<string, Cell>[] = [];
  for (let n = headerRow + 1; n <= ws.rowCount; n++) {
    const values = (ws.getRow(n).values as Cell[]).slice(1);
    if (values[1] === undefined || values[1] === null || values[1] === '') break;
    out.push(new Map(header.map((h, i) => [h, values[i] ?? null])));
  }
  return { ws, header, rows: out };
}

/**
 * A total cell: a plain number, or a SUM formula — evaluated here over the cells it names, since
 * ExcelJS leaves out a cached result of 0 (Excel and WPS recompute on opening). A cached result, when
 * there is one, must agree.
 */
function totalOf(ws: Worksheet, v: Cell): number {
  if (!v || typeof v !== 'object' || !('formula' in v)) return num(v);
  const formula = String(v.formula ?? '');
  const m = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(formula);
  expect(m, formula).not.toBeNull();
  const [, col, from, col2, to] = m as RegExpExecArray;
  expect(col2).toBe(col);
  let sum = 0;
  for (let r = Number(from); r <= Number(to); r++) sum += num(ws.getCell(`${col}${r}`).value);
  if ('result' in v && v.result !== undefined) expect(num(v.result as Cell)).toBe(sum);
  return sum;
}

/** A community sheet's "label | value" lines. */
function sheetValues(wb: Workbook, name: string): Map<string, Cell> {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const out = new Map<string, Cell>();
  ws.eachRow((r) => {
    const label = r.getCell(1).value;
    if (typeof label === 'string' && !out.has(label)) out.set(label, r.getCell(2).value);
  });
  return out;
}

/** Summary column → the same figure's label on a community's own sheet. */
const SAME_FIGURE: [string, string][] = [
  ['登记户数', '登记户数'],
  ['登记人数', '登记人数'],
  ['房屋数', '房屋数'],
  ['已登记房屋', '已登记房屋'],
  ['新登记人数', '当日新登记人数'],
  ['在管重点人员', '在管合计'],
  ['新增重点人员', '新增重点人员'],
  ['新增隔离', '新增隔离'],
  ['应测人次', '应测人次'],
  ['已测人次', '已测人次'],
  ['新增预警', '新增预警'],
];

/** The summary's total row equals the sum of its community rows, and each row its community's sheet. */
function checkSums(wb: Workbook, communities: string[]) {
  const { ws, header, rows: lines } = summaryRows(wb);
  const total = lines.at(-1);
  expect(total?.get('社区（村）')).toBe('合计');
  const byName = new Map(lines.slice(0, -1).map((r) => [String(r.get('社区（村）')), r]));
  expect([...byName.keys()].sort()).toEqual([...communities].sort());
  const figures = header.slice(header.indexOf('上报时间') + 1);
  expect(figures.length).toBeGreaterThan(10);
  for (const f of figures) {
    const sum = [...byName.values()].reduce((n, r) => n + num(r.get(f) ?? 0), 0);
    expect(totalOf(ws, total?.get(f) ?? 0), f).toBe(sum);
  }
  for (const name of communities) {
    const sheet = sheetValues(wb, name);
    const line = byName.get(name);
    for (const [summaryLabel, sheetLabel] of SAME_FIGURE)
      expect(num(sheet.get(sheetLabel) ?? null), `${name} ${sheetLabel}`).toBe(
        num(line?.get(summaryLabel) ?? 0),
      );
  }
  const totals = new Map(figures.map((f) => [f, totalOf(ws, total?.get(f) ?? 0)]));
  return { totals, byName };
}

describe('reports journey', () => {
  it('seeds a sub-district with two communities, their admins and some records today', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    const root = (await apiCall(page, 'GET', '/api/units')).body.items[0].id as string;
    const unit = async (parentId: string, type: string, name: string) => {
      const res = await apiCall(page, 'POST', '/api/units', { parentId, type, name });
      expect(res.status, name).toBe(201);
      return res.body.id as string;
    };
    communityA = await unit(root, 'community', A);
    communityB = await unit(root, 'community', B);
    for (const [username, unitId, displayName] of [
      ['donghu.admin', communityA, '东湖社区书记'],
      ['xiling.admin', communityB, '西岭社区书记'],
    ] as const) {
      const res = await apiCall(page, 'POST', '/api/users', {
        username,
        displayName,
        role: 'community_admin',
        unitId,
        password: TEMP_PASSWORD,
      });
      expect(res.status, username).toBe(201);
    }
    // Community B registers a household today: today's figures are not all zero.
    const compound = await unit(communityB, 'compound', '西岭小区');
    const bulk = await apiCall(page, 'POST', `/api/units/${compound}/bulk`, {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 1,
      floors: 2,
      roomsPerFloor: 2,
    });
    expect(bulk.status).toBeLessThan(300);
    const grid = await apiCall(page, 'GET', `/api/coverage/grid?compound=${compound}`);
    const room = grid.body.buildings[0].entrances[0].rooms[0].id as string;
    const household = await apiCall(page, 'POST', '/api/households', {
      roomId: room,
      persons: [{ name: '赵桂兰', relation: 'head' }, { name: '赵小明' }, { name: '钱玉梅' }],
    });
    expect(household.status).toBe(201);
    // …one of them is a close contact isolated at home, whose check today shows a fever (an alert)…
    const personId = household.body.persons[0].id as string;
    const exposed = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const kp = await apiCall(page, 'POST', '/api/key-persons', {
      personId,
      category: 'close_contact',
      details: { lastExposureOn: exposed },
      source: 'notice',
    });
    expect(kp.status, JSON.stringify(kp.body)).toBe(201);
    const iso = await apiCall(page, 'POST', '/api/isolations', { keyPersonId: kp.body.id, kind: 'home' });
    expect(iso.status, JSON.stringify(iso.body)).toBe(201);
    const check = await apiCall(page, 'POST', `/api/isolations/${iso.body.id}/checks`, {
      id: await page.evaluate(() => crypto.randomUUID()),
      at: new Date(Date.now() - 60_000).toISOString(),
      temperature: 38.2,
      symptoms: [],
      method: 'phone',
    });
    expect(check.status, JSON.stringify(check.body)).toBe(201);
    // …and community A's compound is put under closed management.
    compoundA = await unit(communityA, 'compound', '东湖花园');
    const status = await apiCall(page, 'POST', `/api/units/${compoundA}/status`, {
      status: 'closed',
      reason: '发现密接人员，按指挥部通知闭环管理',
    });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
  });

  it('HQ opens the roll-up: both communities still owe the last closed day', async () => {
    await page.goto(url('/reports/rollup'));
    await settle(page);
    await expect.poll(() => rows(page).count(), LOAD).toBe(2);
    for (const id of [communityA, communityB])
      expect(['due', 'missing']).toContain(await row(page, id).getAttribute('data-status'));
    expect(await textOf(page.getByTestId('rollup-reminder'))).toContain(A);
    expect(await textOf(page.getByTestId('rollup-progress'))).toContain('0 / 2');
    const rollup = await apiCall(page, 'GET', '/api/reports/daily/rollup');
    reportDay = rollup.body.date;
    // Marks this document: it must still be there (no reload) when the report arrives.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
  });

  it('the community admin, on a phone, submits a zero report explicitly', async () => {
    const p = await phone.newPage();
    const errors = trackPageErrors(p);
    await p.goto(url('/login'));
    await login(p, 'donghu.admin', TEMP_PASSWORD);
    await changePassword(p, TEMP_PASSWORD, NEW_PASSWORD);
    await p.waitForURL((u) => !u.pathname.endsWith('/change-password'));
    await p.goto(url('/reports'));
    await settle(p);
    // The last closed day, the community's own figures: all zero, so a zero report.
    await expect.poll(() => p.getByTestId('zero-banner').getAttribute('data-zero'), LOAD).toBe('true');
    // Due before the deadline (09:00 the next morning), missing after it.
    expect(await textOf(p.getByTestId('report-period'))).toMatch(/待上报|未上报/);
    for (const fig of ['isolations-newKeyPersons', 'isolations-started', 'checks-fevers', 'alerts-raised'])
      expect(await textOf(p.getByTestId(`fig-${fig}`).getByTestId('value'))).toBe('0');
    // A draft survives a reload (and a colleague's device: it is kept on the server).
    await p.getByTestId('report-notableEvents').fill('辖区平稳，无新增情况');
    await p.getByTestId('report-save-draft').click();
    await expect.poll(() => textOf(p.getByTestId('draft-by')), LOAD).toContain('东湖社区书记');
    await p.reload();
    await settle(p);
    await expect
      .poll(() => p.getByTestId('report-notableEvents').inputValue(), LOAD)
      .toBe('辖区平稳，无新增情况');
    const submit = p.getByTestId('report-submit');
    expect(await textOf(submit)).toContain('上报零报告');
    await submit.click();

    // The confirmation says what is submitted and cannot be passed without ticking the box.
    const dialog = p.locator('.ant-modal:visible');
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain('确认上报零报告');
    expect(await textOf(dialog)).toContain('无新增情况');
    const ok = dialog.getByTestId('confirm-ok');
    expect(await ok.isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-check').click();
    expect(await ok.isDisabled()).toBe(false);
    await ok.click();

    // Frozen, with who and when, and the text as written.
    await expect.poll(() => textOf(p.getByTestId('submitted-banner')), LOAD).toContain('第 1 版');
    expect(await textOf(p.getByTestId('submitted-banner'))).toContain('东湖社区书记');
    expect(await textOf(p.getByTestId('submitted-banner'))).toContain('零报告');
    expect(await textOf(p.getByTestId('submitted-notableEvents'))).toContain('辖区平稳');
    expect(await p.getByTestId('report-submit').count()).toBe(0);
    expect(await p.getByTestId('report-version').count()).toBe(1);

    // A correction is a new version, and it needs a reason.
    await p.getByTestId('report-correct').click();
    const modal = p.locator('.ant-modal:visible');
    await modal.waitFor();
    await modal.getByTestId('report-needs').fill('需要额温枪 5 把');
    await modal.getByTestId('correction-ok').click();
    expect(await textOf(modal)).toContain('请填写更正原因');
    await modal.getByTestId('correction-reason').fill('补报需协调事项');
    await modal.getByTestId('correction-ok').click();
    await expect.poll(() => p.getByTestId('report-version').count(), LOAD).toBe(2);
    expect(await textOf(p.getByTestId('submitted-banner'))).toContain('第 2 版');
    expect(await textOf(p.getByTestId('submitted-needs'))).toContain('额温枪');
    expect(await textOf(p.getByTestId('report-versions'))).toContain('补报需协调事项');
    // The first version is still there as it was.
    await p.getByTestId('report-version-switch').getByText('第 1 版').click();
    await expect.poll(() => textOf(p.getByTestId('submitted-needs')), LOAD).not.toContain('额温枪');
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('HQ sees the community turn to submitted without a reload', async () => {
    await expect
      .poll(() => row(page, communityA).getAttribute('data-status'), { timeout: 10_000 })
      .toMatch(/^(submitted|late)$/);
    expect(['due', 'missing']).toContain(await row(page, communityB).getAttribute('data-status'));
    expect(await textOf(row(page, communityA))).toContain('零报告');
    expect(await textOf(page.getByTestId('rollup-progress'))).toContain('1 / 2');
    expect(await textOf(page.getByTestId('rollup-notable'))).toContain('辖区平稳');
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  });

  it('exports the roll-up to .xlsx whose summary adds up to the community sheets', async () => {
    const closed = await exportRollup(page, 'closed.xlsx');
    const { byName } = checkSums(closed, [A, B]);
    expect(byName.get(A)?.get('零报告')).toBe('是');
    expect(['已上报', '迟报']).toContain(byName.get(A)?.get('上报状态'));
    expect(['待上报', '未上报']).toContain(byName.get(B)?.get('上报状态'));
    expect(String(sheetValues(closed, A).get('上报人') ?? '')).toContain('东湖社区书记');

    // Today (still running): B's household shows, and the totals still add up.
    await page.getByTestId('rollup-day-next').click();
    await page.waitForURL(/date=/);
    today = new URL(page.url()).searchParams.get('date') ?? '';
    expect(today > reportDay).toBe(true);
    await expect.poll(() => rows(page).first().getAttribute('data-status'), LOAD).toBe('open');
    const running = await exportRollup(page, 'today.xlsx');
    const { totals, byName: todayRows } = checkSums(running, [A, B]);
    expect(num(todayRows.get(B)?.get('登记人数') ?? 0)).toBe(3);
    expect(num(todayRows.get(A)?.get('登记人数') ?? 0)).toBe(0);
    expect(totals.get('登记户数')).toBe(1);
    expect(totals.get('房屋数')).toBe(4);
    expect(num(todayRows.get(B)?.get('在管重点人员') ?? 0)).toBe(1);
    expect(totals.get('新增预警')).toBe(1);
  });

  it('shows the dashboard live, on a desktop and a phone', async () => {
    await page.getByTestId('reports-nav').getByRole('tab', { name: '指挥大屏' }).click();
    await page.waitForURL(/\/dashboard$/);
    await settle(page);
    await expect.poll(() => page.getByTestId('dashboard-live').getAttribute('data-live'), LOAD).toBe('true');
    expect(await textOf(page.getByTestId('counter-passages'))).toContain('今日通行');
    expect(await page.getByTestId('trend-passages').count()).toBe(1);
    expect(await textOf(page.getByTestId('dashboard-comparison'))).toContain(B);
    expect(await page.locator('[data-testid="compound-tile"][data-status="open"]').count()).toBe(1);
    expect(await page.locator('[data-testid="compound-tile"][data-status="closed"]').count()).toBe(1);
    const counter = (k: string) => textOf(page.getByTestId(`counter-${k}`).getByTestId('value'));
    expect(await counter('underWatch')).toBe('1');
    expect(await counter('fevers')).toBe('1');
    expect(await counter('alertsOpen')).toBe('1');
    // A's report is in: no reminder for A (the communities are new, so none for days before them).
    expect(await page.getByTestId('reminder').filter({ hasText: A }).count()).toBe(0);
    // A compound sealed elsewhere turns red here, without a reload.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: string }).__sameDocument = 'dashboard';
    });
    const sealed = await apiCall(page, 'POST', `/api/units/${compoundA}/status`, {
      status: 'sealed',
      reason: '出现确诊病例，按指挥部通知封锁',
    });
    expect(sealed.status).toBe(200);
    await expect
      .poll(() => page.locator('[data-testid="compound-tile"][data-status="sealed"]').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe(
      'dashboard',
    );
    await page.mouse.move(0, 0);
    await screenshotBoth(page, phone, 'dashboard');
    expect(pageErrors).toEqual([]);
  });
});
