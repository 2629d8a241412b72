/**
 * The telephone census (电话登记): a new sub-district lays out one building, a worker on the phone
 * registers a household of two with the keyboard alone, finds a resident again by pinyin initials and
 * by the end of the phone number, and reveals the number for a stated reason — which the audit log shows.
 * Then a pile of paper cards is typed in walking the building room by room, and a shared flat gets a
 * second household.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChild,
  changePassword,
  closeJourney,
  confirmDialog,
  login,
  openChild,
  openJourney,
  type RunningServer,
  screenshot,
  screenshotBoth,
  settle,
  textOf,
} from './support';

const ADMIN_NEW_PASSWORD = 'Census-HQ-2026!';
const COMMUNITY = '登记社区';
const COMPOUND = '登记小区';
// Valid GB 11643 numbers (the first with a lower-case check character, as people type it).
const HEAD = { name: '王秀英', id: '11010519491231002x', phone: '+86 138 0013 8000' };
const SPOUSE = { name: '李建国', id: '410105199003070034', phone: '13900139000' };

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  ({ server, browser, desktop, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

const focusedId = (p: Page) => p.evaluate(() => document.activeElement?.id ?? '');

type Unit = { id: string; name: string };
type Page_ = { items: Unit[]; total: number };

/** What the server says, read with the browser's session (cookies are shared with the page). */
async function apiGet<T>(p: string): Promise<T> {
  const res = await page.request.get(url(p));
  expect(res.status(), p).toBe(200);
  return (await res.json()) as T;
}

/** Types into the focused type-ahead select, waits for the option, and takes it with Enter. */
async function pick(p: Page, typed: string, option: string): Promise<void> {
  await p.keyboard.type(typed);
  await p
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .waitFor();
  await p.keyboard.press('Enter');
}

describe('registry journey', () => {
  it('sets up a community, a compound and one building of four rooms', async () => {
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
    await expect.poll(() => textOf(page.getByTestId('bulk-count'))).toContain('4');
    await page.getByTestId('bulk-submit').click();
    await expect.poll(() => textOf(page.getByTestId('bulk-result')), { timeout: 30_000 }).toContain('4');
  });

  it('registers a household of two on the telephone screen with the keyboard only', async () => {
    await page.getByRole('menuitem', { name: '居民登记' }).click();
    await page.waitForURL(/\/registry$/);
    await settle(page);
    // Nobody registered yet: the empty state leads to the telephone entry.
    await expect.poll(() => textOf(page.locator('.ant-empty'))).toContain('还没有登记居民');
    await page.getByTestId('registry-entry-link').click();
    await page.waitForURL(/\/registry\/entry$/);

    // The compound box has the focus; each pick opens the next level (one entrance: picked for us).
    await expect.poll(() => focusedId(page)).toBe('entry-room-compound');
    await pick(page, '登记', COMPOUND);
    await expect.poll(() => focusedId(page)).toBe('entry-room-building');
    await pick(page, '1', '1号楼');
    await expect.poll(() => focusedId(page)).toBe('entry-room-room');
    await pick(page, '101', '101');
    await expect.poll(() => focusedId(page)).toBe('entry-0-name');
    await expect.poll(() => textOf(page.getByTestId('entry-address'))).toContain(`${COMPOUND} 1号楼`);

    // First person: Enter walks through the fields; the ID number tells sex and birth date as typed.
    await page.keyboard.type(HEAD.name);
    await page.keyboard.press('Enter');
    await page.keyboard.type(HEAD.id);
    await expect.poll(() => textOf(page.getByTestId('entry-0-id-hint'))).toContain('女 · 1949-12-31');
    await page.keyboard.press('Enter');
    await page.keyboard.type(HEAD.phone);
    await expect.poll(() => textOf(page.getByTestId('entry-0-phone-hint'))).toContain('138 0013 8000');
    await page.keyboard.press('Enter');
    await pick(page, '户主', '户主');
    await expect.poll(() => focusedId(page)).toBe('entry-0-careFlags');
    // Several flags can be picked; Enter with nothing typed goes on.
    await pick(page, '独居', '独居老人');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('entry-0-travelFrom');

    // Second person, added with Alt+N.
    await page.keyboard.press('Alt+KeyN');
    await expect.poll(() => focusedId(page)).toBe('entry-1-name');
    await page.keyboard.type(SPOUSE.name);
    await page.keyboard.press('Enter');
    // A wrong check character is flagged at once.
    await page.keyboard.type('410105199003070035');
    await expect.poll(() => textOf(page.getByTestId('entry-1-id-hint'))).toContain('校验位错误');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(SPOUSE.id.slice(-1));
    await expect.poll(() => textOf(page.getByTestId('entry-1-id-hint'))).toContain('男 · 1990-03-07');
    await page.keyboard.press('Enter');
    await page.keyboard.type(SPOUSE.phone);
    await page.keyboard.press('Enter');
    await pick(page, '配偶', '配偶');
    await page.keyboard.press('Enter');
    await page.keyboard.type('湖北武汉');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2020-01-21');
    await page.keyboard.press('Enter');
    await pick(page, '火车', '火车');
    await screenshot(page, 'registry-entry');

    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => textOf(page.getByTestId('entry-saved')), { timeout: 15_000 })
      .toContain(`${COMPOUND} 1号楼 1单元 101`);
    const saved = await textOf(page.getByTestId('entry-saved-persons'));
    expect(saved).toContain(HEAD.name);
    expect(saved).toContain('1101**********002X');
    expect(saved).toContain('138****8000');
    expect(saved).not.toContain('13800138000');
    // Next is the following room of the same entrance, and Enter takes it.
    await expect.poll(() => textOf(page.getByTestId('entry-next-room'))).toContain('102');

    // The phone layout of the same screen, with a row being typed.
    const phonePage = await phone.newPage();
    await phone.addCookies(await desktop.cookies());
    await phonePage.goto(page.url());
    await settle(phonePage);
    await phonePage.locator('#entry-0-name').fill('赵六');
    await phonePage.locator('#entry-0-idNumber').fill('11010119900101001');
    await phonePage.locator('#entry-0-phone').fill('139 0013');
    await phonePage.locator('#entry-0-phone').blur();
    await phonePage.evaluate(() => window.scrollTo(0, 0));
    await screenshot(phonePage, 'registry-entry');
    await phonePage.close();

    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-address'))).toContain('102');
    await expect.poll(() => focusedId(page)).toBe('entry-0-name');
  });

  it('finds the household again by pinyin initials and by the last four phone digits', async () => {
    await page.getByRole('menuitem', { name: '居民登记' }).click();
    await page.waitForURL(/\/registry$/);
    const box = page.getByTestId('person-search').locator('input');
    // Everybody is listed until something is typed.
    await expect.poll(() => textOf(page.getByTestId('person-results'))).toContain(SPOUSE.name);
    await box.fill('wxy');
    await box.press('Enter');
    await page.waitForURL(/q=wxy/);
    await expect.poll(() => textOf(page.getByTestId('person-results'))).not.toContain(SPOUSE.name);
    expect(await textOf(page.getByTestId('person-results'))).toContain(HEAD.name);

    await box.fill('ljg');
    await box.press('Enter');
    await expect.poll(() => textOf(page.getByTestId('person-results'))).not.toContain(HEAD.name);
    expect(await textOf(page.getByTestId('person-results'))).toContain(SPOUSE.name);

    await box.fill('8000');
    await box.press('Enter');
    await page.waitForURL(/q=8000/);
    await expect.poll(() => textOf(page.getByTestId('person-results'))).not.toContain(SPOUSE.name);
    const results = await textOf(page.getByTestId('person-results'));
    expect(results).toContain(HEAD.name);
    expect(results).toContain('独居老人');
    expect(results).toContain('1101**********002X');
    await screenshotBoth(page, phone, 'registry-search');
  });

  it('opens the person and reveals the phone for a reason, which the audit log records', async () => {
    await page.getByTestId('person-results').getByRole('link', { name: HEAD.name }).click();
    await page.waitForURL(/\/registry\/persons\//);
    await expect.poll(() => textOf(page.getByTestId('person-name'))).toBe(HEAD.name);
    await expect.poll(() => textOf(page.getByTestId('masked-phone'))).toBe('138****8000');
    await screenshotBoth(page, phone, 'registry-person');

    await page.getByTestId('reveal-phone').click();
    const dialog = page.getByTestId('reveal-dialog');
    await dialog.waitFor();
    // No reason, no number.
    await confirmDialog(page);
    await expect.poll(() => textOf(dialog)).toContain('请填写此项');
    await page.locator('#reveal-reason').fill('电话随访，核实返郑情况');
    await confirmDialog(page);
    await expect.poll(() => textOf(page.getByTestId('revealed-phone'))).toBe('138 0013 8000');

    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/audit$/);
    await settle(page);
    const log = await textOf(page.getByTestId('audit-table'));
    expect(log).toContain('查看完整号码');
    expect(log).toContain('电话随访，核实返郑情况');
    expect(log).toContain('建立户档案');
    expect(log).not.toContain('13800138000');

    expect(pageErrors).toEqual([]);
  });

  it('walks a building room by room from paper cards: save, skip, save, without the mouse', async () => {
    const compound = (await apiGet<Page_>(`/api/units?type=compound&q=${encodeURIComponent(COMPOUND)}`))
      .items[0];
    const building = (await apiGet<Page_>(`/api/units?parent=${compound?.id}`)).items[0];
    if (!building) throw new Error('no building');
    // 101 was registered on the telephone: three rooms are left, in the worklist's order.
    const before = await apiGet<Page_>(`/api/coverage/unreached?unit=${building.id}&page=1&pageSize=50`);
    expect(before.total).toBe(3);
    const [a, b, c] = before.items as [Unit, Unit, Unit];

    // The coverage page links a room with the building to walk.
    await page.goto(url(`/registry/entry?room=${a.id}&walk=${building.id}`));
    await settle(page);
    await expect.poll(() => focusedId(page)).toBe('entry-0-name');
    await expect.poll(() => textOf(page.getByTestId('entry-walk-progress'))).toBe('第 1 户，共 3 户待登记');
    await expect.poll(() => textOf(page.getByTestId('entry-address'))).toContain(`1单元 ${a.name}`);
    await expect.poll(() => textOf(page.getByTestId('entry-households'))).toContain('尚未登记');

    // Card one: a person, then the save key — and the next room is open with the cursor in the name.
    await page.keyboard.type('周建华');
    await page.keyboard.press('Enter');
    await page.keyboard.type('440524188001010014');
    await page.keyboard.press('Enter');
    await page.keyboard.type('13700137000');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-address'))).toContain(`1单元 ${b.name}`);
    await expect.poll(() => focusedId(page)).toBe('entry-0-name');
    expect(await textOf(page.getByTestId('entry-last-saved'))).toContain(`${a.name}：周建华`);
    await expect.poll(() => textOf(page.getByTestId('entry-walk-progress'))).toBe('第 1 户，共 2 户待登记');
    expect(page.url()).toContain(`room=${b.id}`);
    await screenshot(page, 'entry-walk');

    // The same walk on a phone, a card being typed.
    const phonePage = await phone.newPage();
    await phone.clearCookies();
    await phone.addCookies(await desktop.cookies());
    await phonePage.goto(page.url());
    await settle(phonePage);
    await expect.poll(() => textOf(phonePage.getByTestId('entry-walk-progress'))).toContain('共 2 户');
    await phonePage.locator('#entry-0-name').fill('吴桂兰');
    await phonePage.locator('#entry-0-phone').fill('136 0013 6000');
    await phonePage.evaluate(() => window.scrollTo(0, 0));
    await screenshot(phonePage, 'entry-walk');
    await phonePage.close();

    // Card two: nobody home. Something typed already is not dropped by one keystroke.
    await page.keyboard.type('吴');
    await page.keyboard.press('Alt+KeyS');
    await expect.poll(() => textOf(page.getByTestId('entry-banner'))).toContain('再按一次');
    expect(await textOf(page.getByTestId('entry-address'))).toContain(b.name);
    await page.keyboard.press('Alt+KeyS');
    await expect.poll(() => textOf(page.getByTestId('entry-address'))).toContain(`1单元 ${c.name}`);
    await expect.poll(() => focusedId(page)).toBe('entry-0-name');
    await expect.poll(() => textOf(page.getByTestId('entry-walk-progress'))).toBe('第 1 户，共 1 户待登记');

    // Card three, the last: the walk ends and says what was skipped.
    await page.keyboard.type('郑小红');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-walk-done'))).toContain('已没有待登记的房间');
    expect(await textOf(page.getByTestId('entry-page'))).toContain('本次已登记 2 户，跳过 1 户');

    // The server agrees: three rooms of four reached, the skipped one still on the worklist.
    const figures = await apiGet<{ rooms: number; reached: number; persons: number }>(
      `/api/coverage?unit=${building.id}`,
    );
    expect(figures).toMatchObject({ rooms: 4, reached: 3, persons: 4 });
    const after = await apiGet<Page_>(`/api/coverage/unreached?unit=${building.id}&page=1&pageSize=50`);
    expect(after.items.map((r) => r.id)).toEqual([b.id]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps two households in one room apart (合租)', async () => {
    const [room] = (
      await apiGet<{ items: { roomId: string }[] }>(`/api/persons?q=${encodeURIComponent('周建华')}`)
    ).items;
    if (!room) throw new Error('周建华 not found');
    await page.goto(url(`/registry/entry?room=${room.roomId}`));
    await settle(page);
    // One household: it is taken unless the worker says otherwise.
    const households = page.getByTestId('entry-households');
    await expect.poll(() => textOf(households)).toContain('周建华（1 人）');
    expect(await textOf(households.locator('.ant-radio-wrapper-checked'))).toContain('周建华');
    await households.getByText('在该房间新建一户').click();
    await page.locator('#entry-0-name').fill('钱合租');
    await page.locator('#entry-0-name').press('Control+Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-saved'))).toContain('已保存');
    const two = await apiGet<{ items: { id: string; persons: { name: string }[] }[] }>(
      `/api/households?room=${room.roomId}`,
    );
    expect(two.items.map((h) => h.persons.map((p) => p.name))).toEqual([['周建华'], ['钱合租']]);

    // Two households: nothing is saved until the worker picks one, then all rows join it at once.
    await page.goto(url(`/registry/entry?room=${room.roomId}`));
    await settle(page);
    await expect.poll(() => textOf(households)).toContain('钱合租（1 人）');
    expect(await households.locator('.ant-radio-wrapper-checked').count()).toBe(0);
    await page.locator('#entry-0-name').fill('钱小合');
    await page.locator('#entry-0-name').press('Alt+KeyN');
    await page.locator('#entry-1-name').fill('孙小合');
    await page.locator('#entry-1-name').press('Control+Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-banner'))).toContain('请先选择');
    await households.getByText('钱合租（1 人）').click();
    await page.locator('#entry-1-name').press('Control+Enter');
    await expect.poll(() => textOf(page.getByTestId('entry-saved-persons'))).toContain('孙小合');
    const after = await apiGet<{ items: { persons: { name: string }[] }[] }>(
      `/api/households?room=${room.roomId}`,
    );
    expect(after.items.map((h) => h.persons.map((p) => p.name).sort())).toEqual([
      ['周建华'],
      ['孙小合', '钱合租', '钱小合'].sort(),
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('corrects a person: an emptied phone is cleared, the masked ID number left as it was', async () => {
    const [person] = (
      await apiGet<{ items: { id: string }[] }>(`/api/persons?q=${encodeURIComponent('周建华')}`)
    ).items;
    if (!person) throw new Error('周建华 not found');
    await page.goto(url(`/registry/persons/${person.id}`));
    await expect.poll(() => textOf(page.getByTestId('masked-phone'))).toBe('137****7000');
    expect(await page.getByTestId('registry-nav').count()).toBe(1);
    await page.getByTestId('person-edit').click();
    await page.getByTestId('person-form').waitFor();
    await page.locator('#phone').fill('');
    await page.locator('#occupation').fill('退休教师');
    await confirmDialog(page);
    await expect.poll(() => textOf(page.getByTestId('person-basic'))).toContain('退休教师');
    const saved = await apiGet<{ phone: string | null; idNumber: string | null; occupation: string | null }>(
      `/api/persons/${person.id}`,
    );
    expect(saved).toMatchObject({ phone: null, idNumber: '4405**********0014', occupation: '退休教师' });
    expect(pageErrors).toEqual([]);
  });
});
