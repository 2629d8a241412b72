/**
 * The ledger import (台账导入): a community office has its residents in an Excel ledger with a title row,
 * a column the importer does not know and a few bad rows. The administrator imports it into a compound
 * that has no rooms yet, maps the unknown column, reads the result, downloads the rejected rows with
 * their reasons, finds an imported resident and exports the ledger masked. A large second ledger is
 * cancelled halfway and leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChild,
  animationsDone,
  changePassword,
  closeJourney,
  login,
  openChild,
  openJourney,
  type RunningServer,
  screenshot,
  screenshotBoth,
  settle,
  textOf,
} from './support';

const ADMIN_NEW_PASSWORD = 'Ledger-Import-2026!';
const COMMUNITY = '导入社区';
const COMPOUND = '导入家园';
const HEAD = { name: '王秀英', id: '11010519491231002X', phone: '13800138000' };

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A GB 11643 number with its check character (ISO 7064 MOD 11-2). */
function idNumber(body: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * (W[i] ?? 0);
  return body + '10X98765432'[s % 11];
}

const SURNAMES = ['李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐'];
const GIVEN = ['建国', '秀兰', '伟', '芳', '军', '敏', '静', '强', '磊', '丽娟', '志刚', '桂英'];
const GOOD = 300;

type Cell = string | number | null;
const HEADER = [
  '序号',
  '姓名',
  '身份证号码',
  '住户电话',
  '楼号',
  '单元',
  '门牌号',
  '与户主关系',
  '返郑时间',
  '来源地',
  '微信号',
];

/** 300 good rows in 100 rooms (three persons each) of five buildings, two entrances, ten floors. */
function goodRows(): { rows: Cell[][]; rooms: Set<string> } {
  const rows: Cell[][] = [];
  const rooms = new Set<string>();
  for (let i = 0; i < GOOD; i++) {
    const r = Math.floor(i / 3);
    const building = (r % 5) + 1;
    const entrance = `${(Math.floor(r / 5) % 2) + 1}单元`;
    const room = `${Math.floor(r / 10) + 1}01`;
    rooms.add(`${building}/${entrance}/${room}`);
    const birth = `${1950 + (i % 50)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`;
    const first = i === 0;
    rows.push([
      i + 1,
      first ? HEAD.name : `${SURNAMES[i % 10]}${GIVEN[i % 12]}`,
      first ? HEAD.id : idNumber(`410105${birth}${String(i).padStart(3, '0')}`),
      first ? HEAD.phone : `139${String(10_000_000 + i).slice(-8)}`,
      building,
      entrance,
      room,
      ['户主', '配偶', '子女'][i % 3] ?? '',
      `2020-01-${String((i % 20) + 1).padStart(2, '0')}`,
      i % 4 === 0 ? '湖北武汉' : '',
      `wx${i}`,
    ]);
  }
  return { rows, rooms };
}

/** Four rows the importer must refuse, each for a reason the rejected sheet has to name. */
const BAD: { row: Cell[]; reason: string }[] = [
  { row: [301, '张错号', '340524198001010013', '13700137000', 1, '1单元', '101'], reason: '校验位错误' },
  { row: [302, '李无房', idNumber('41010519800202900'), '', 2, '1单元', ''], reason: '缺少房号' },
  { row: [303, '王重复', HEAD.id, '', 3, '1单元', '101'], reason: '与本表前面的一行重复' },
  // An 18-digit number typed into a number cell: Excel keeps 15 significant digits (…011000).
  { row: [304, '赵数字', 410105199001011e3, '', 4, '1单元', '101'], reason: '存成了数字' },
];

async function writeBook(file: string, rows: Cell[][], title = '导入家园居民信息登记表'): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民台账');
  ws.addRow([title]);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

async function openBook(download: Download): Promise<ExcelJS.Worksheet> {
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) =>
  (ws.getRow(n).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let dir: string;
let ledgerFile: string;
let expectedRooms: number;
let compoundId: string;
let jobId: string;

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-import-'));
  ledgerFile = path.join(dir, '导入家园台账.xlsx');
  const good = goodRows();
  expectedRooms = good.rooms.size;
  await writeBook(ledgerFile, [...good.rows, ...BAD.map((b) => b.row)]);
});

afterAll(async () => {
  await closeJourney({ browser, server });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const url = (p: string) => `${server.baseUrl}${p}`;

async function apiGet<T>(p: string): Promise<T> {
  const res = await page.request.get(url(p));
  expect(res.status(), p).toBe(200);
  return (await res.json()) as T;
}

/** Opens the compound picker of the wizard and takes the compound under the community. */
async function pickCompound(p: Page): Promise<void> {
  await p.getByTestId('import-compound').getByTestId('unit-tree-select').click();
  const popup = p.locator('.ant-select-dropdown:visible');
  await popup
    .locator('.ant-select-tree-treenode', { hasText: COMMUNITY })
    .locator('.ant-select-tree-switcher')
    .click();
  await popup.locator('.ant-select-tree-node-content-wrapper', { hasText: COMPOUND }).click();
  await expect.poll(() => textOf(p.getByTestId('import-compound'))).toContain(COMPOUND);
}

async function chooseFile(p: Page, file: string): Promise<void> {
  await p.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
  await expect.poll(() => textOf(p.getByTestId('import-file'))).toContain(path.basename(file));
}

describe('ledger import journey', () => {
  it('sets up a community and a compound without any rooms', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    await settle(page);
    await expect.poll(() => textOf(page.getByTestId('unit-title'))).toBeTruthy();
    await addChild(page, COMMUNITY, '社区');
    await openChild(page, COMMUNITY);
    await addChild(page, COMPOUND);
    const found = await apiGet<{ items: { id: string; type: string }[] }>(
      `/api/units?type=compound&q=${encodeURIComponent(COMPOUND)}`,
    );
    compoundId = found.items[0]?.id ?? '';
    expect(found.items[0]?.type).toBe('compound');
  });

  it('reads the header under the title row and lets the unknown phone column be mapped', async () => {
    await page.getByRole('menuitem', { name: '居民登记' }).click();
    await page.waitForURL(/\/registry$/);
    await page.getByTestId('registry-nav').getByRole('tab', { name: '台账导入' }).click();
    await page.waitForURL(/\/registry\/import$/);
    await settle(page);

    // The blank template carries the headers the importer knows.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-template').click(),
    ]);
    const tpl = await openBook(template);
    expect(rowValues(tpl, 2)).toEqual(
      expect.arrayContaining(['姓名', '身份证号码', '联系电话', '楼栋', '房号']),
    );

    // Nothing can be read before a compound and a file are chosen; a CSV is refused at once.
    expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
    const csv = path.join(dir, 'ledger.csv');
    fs.writeFileSync(csv, '姓名,房号\n张三,101\n');
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(csv);
    await expect.poll(() => textOf(page.getByTestId('import-error'))).toContain('.xlsx');

    await pickCompound(page);
    // A CSV renamed to .xlsx passes the browser's check; the server looks at the content.
    const fake = path.join(dir, 'renamed.xlsx');
    fs.writeFileSync(fake, '姓名,房号\n张三,101\n');
    await chooseFile(page, fake);
    await page.getByTestId('import-next').click();
    await expect.poll(() => textOf(page.getByTestId('import-error'))).toContain('文件不是有效的 .xlsx 表格');
    await chooseFile(page, ledgerFile);
    expect(await page.getByTestId('import-create-rooms').getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'import-file');
    await page.getByTestId('import-next').click();

    const mapping = page.getByTestId('import-mapping');
    await expect.poll(() => textOf(mapping), { timeout: 15_000 }).toContain('已在第 2 行找到表头');
    expect(await textOf(mapping)).toContain('有 2 列未识别');
    // Recognised columns are confirmations; samples are masked.
    expect(await textOf(page.getByTestId('map-C'))).toBe('证件号码');
    expect(await textOf(mapping)).toContain('1101**********002X');
    expect(await textOf(mapping)).not.toContain(HEAD.id);
    // 住户电话 is not a name the importer knows: it becomes the phone column here.
    await page.getByTestId('map-D').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', {
      hasText: '联系电话',
    });
    await option.waitFor();
    await animationsDone(page);
    await option.click();
    await expect.poll(() => textOf(page.getByTestId('map-D'))).toContain('联系电话');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'import-mapping');
  });

  it('imports and shows rows read, stored, rejected and rooms created', async () => {
    // 304 rows are read in a moment: the progress step itself is followed in the last test.
    await page.getByTestId('import-start').click();
    await page.waitForURL(/\/registry\/import\?job=/);
    jobId = new URL(page.url()).searchParams.get('job') ?? '';
    const result = page.getByTestId('import-result');
    await expect.poll(() => textOf(result), { timeout: 60_000 }).toContain('导入完成');

    const figure = async (id: string) => Number((await textOf(page.getByTestId(id))).replace(/\D/g, ''));
    expect(await figure('result-read')).toBe(GOOD + BAD.length);
    expect(await figure('result-stored')).toBe(GOOD);
    expect(await figure('result-rejected')).toBe(BAD.length);
    expect(await figure('result-rooms')).toBe(expectedRooms);
    expect(await textOf(result)).toContain(
      `读取 ${GOOD + BAD.length} 行：导入 ${GOOD} 人，${BAD.length} 行未导入`,
    );

    // The server agrees: the job, and the compound's residents and rooms.
    const job = await apiGet<Record<string, unknown>>(`/api/imports/${jobId}`);
    expect(job).toMatchObject({
      status: 'done',
      rowsRead: GOOD + BAD.length,
      rowsStored: GOOD,
      rowsRejected: BAD.length,
      roomsCreated: expectedRooms,
    });
    const coverage = await apiGet<{ persons: number; rooms: number }>(`/api/coverage?unit=${compoundId}`);
    expect(coverage).toMatchObject({ persons: GOOD, rooms: expectedRooms });
    await screenshotBoth(page, phone, 'import-result');
  });

  it('downloads the rejected rows with their sheet row numbers and reasons', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-rejected-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('未导入的行.xlsx');
    const ws = await openBook(download);
    const head = rowValues(ws, 1);
    expect(head[0]).toBe('原表行号');
    expect(head).toContain('姓名');
    const reasonsAt = head.indexOf('未导入原因');
    expect(reasonsAt).toBeGreaterThan(0);
    expect(ws.actualRowCount).toBe(BAD.length + 1);
    BAD.forEach((bad, i) => {
      const values = rowValues(ws, i + 2);
      // Title row, header row, then the good rows: the bad ones follow in the sheet.
      expect(values[0]).toBe(String(2 + GOOD + i + 1));
      expect(values).toContain(String(bad.row[1]));
      expect(values[reasonsAt]).toContain(bad.reason);
    });
  });

  it('finds an imported resident with the mapped phone, and exports the ledger masked', async () => {
    await page.getByTestId('import-view-residents').click();
    await page.waitForURL(/\/registry\?unit=/);
    const box = page.getByTestId('person-search').locator('input');
    await box.fill(HEAD.name);
    await box.press('Enter');
    await page.waitForURL(/q=/);
    // Only she is left once the search applies (the first unfiltered row is her room-mate).
    await expect.poll(() => textOf(page.getByTestId('person-results'))).not.toContain('张秀兰');
    const found = await textOf(page.getByTestId('person-results'));
    expect(found).toContain('1101**********002X');
    expect(found).toContain('138****8000');
    expect(found).not.toContain(HEAD.phone);

    await page.getByTestId('person-export').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await textOf(page.getByTestId('export-scope'))).toBe(COMPOUND);
    // The full numbers need a reason.
    await page.getByTestId('export-unmasked').click();
    await page.getByTestId('export-submit').click();
    await expect.poll(() => textOf(dialog)).toContain('导出完整信息需要填写事由');
    await page.getByTestId('export-masked').click();
    await screenshot(page, 'import-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-submit').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`居民台账-${COMPOUND}.xlsx`);
    const ws = await openBook(download);
    // Title, exporter line, header, then one row per resident.
    expect(String(ws.getRow(2).getCell(1).value)).toContain('已脱敏');
    const head = rowValues(ws, 3);
    const idAt = head.indexOf('证件号码');
    const phoneAt = head.indexOf('联系电话');
    expect(idAt).toBeGreaterThan(0);
    expect(ws.actualRowCount - 3).toBe(GOOD);
    const ids: string[] = [];
    for (let n = 4; n <= ws.actualRowCount; n++) {
      const values = rowValues(ws, n);
      ids.push(values[idAt] ?? '');
      expect(values[phoneAt] ?? '').toMatch(/^1\d\d\*{4}\d{4}$/);
    }
    expect(ids).toHaveLength(GOOD);
    for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(ids).toContain('1101**********002X');
  });

  it('shows the mapping step on a phone', async () => {
    const p = await phone.newPage();
    try {
      await p.goto(url(`/registry/import?unit=${compoundId}`));
      await settle(p);
      await expect.poll(() => textOf(p.getByTestId('import-compound'))).toContain(COMPOUND);
      await chooseFile(p, ledgerFile);
      await screenshot(p, 'import-file');
      await p.getByTestId('import-next').click();
      await expect
        .poll(() => textOf(p.getByTestId('import-mapping')), { timeout: 15_000 })
        .toContain('住户电话');
      await p.evaluate(() => window.scrollTo(0, 0));
      await screenshot(p, 'import-mapping');
      // Nothing on the phone page is wider than the screen.
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await p.close();
    }
  });

  it('shows a large import in progress, cancels it on confirmation, and keeps nothing of it', async () => {
    const big = path.join(dir, '大台账.xlsx');
    const rows: Cell[][] = [];
    for (let i = 0; i < 60_000; i++) {
      rows.push([
        i + 1,
        `${SURNAMES[i % 10]}${GIVEN[i % 12]}`,
        '',
        '',
        10 + (i % 10),
        '1单元',
        `${(i % 30) + 1}01`,
      ]);
    }
    await writeBook(big, rows, '大台账');
    await page.goto(url(`/registry/import?unit=${compoundId}`));
    await settle(page);
    await chooseFile(page, big);
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-start').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-start').click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor({ timeout: 30_000 });
    expect(await textOf(progress)).toMatch(/正在读取并校验|正在核对|正在保存/);
    await screenshot(page, 'import-progress');
    await page.getByTestId('import-cancel').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-dangerous').click();
    const result = page.getByTestId('import-result');
    await expect.poll(() => textOf(result), { timeout: 60_000 }).toContain('导入已取消，没有写入任何数据');

    const id = new URL(page.url()).searchParams.get('job') ?? '';
    expect((await apiGet<{ status: string }>(`/api/imports/${id}`)).status).toBe('cancelled');
    const coverage = await apiGet<{ persons: number; rooms: number }>(`/api/coverage?unit=${compoundId}`);
    expect(coverage).toMatchObject({ persons: GOOD, rooms: expectedRooms });
    expect(pageErrors).toEqual([]);
  });
});
