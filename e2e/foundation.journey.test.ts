/**
 * The first day of a sub-district: the administrator signs in with the printed password, is made to
 * choose a new one, lays out a community and a compound, generates its buildings in one action, and
 * hands a community administrator an account that sees that community and nothing else.
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

const ADMIN_NEW_PASSWORD = 'Ruyihu-HQ-2026!';
const COMMUNITY = '试点社区';
const OTHER_COMMUNITY = '对照社区';
const COMPOUND = '试点小区';
const MANAGER = { username: 'pilot.admin', displayName: '试点社区书记', newPassword: 'Pilot-community-9' };

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let pilotPassword = '';

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

async function switchLanguage(p: Page, label: string): Promise<void> {
  await p.getByTestId('language-switch').click();
  await p.locator('.ant-dropdown-menu-item:visible', { hasText: label }).click();
}

describe('foundation journey', () => {
  it('signs in as the first-run administrator and is made to change the password', async () => {
    await page.goto(url('/login'));
    await settle(page);
    await screenshot(page, 'login');
    const phonePage = await phone.newPage();
    await phonePage.goto(url('/login'));
    await settle(phonePage);
    await screenshot(phonePage, 'login');
    await phonePage.close();

    // A wrong password shows the server's own message, in the language picked on the page.
    await switchLanguage(page, 'English');
    await expect.poll(() => textOf(page.locator('main h3'))).toContain('Welcome to Shouwang');
    await login(page, 'admin', 'not-the-password');
    await expect.poll(() => textOf(page.getByTestId('login-error'))).toContain('Wrong username or password');
    await switchLanguage(page, '简体中文');
    await login(page, 'admin', 'not-the-password');
    await expect.poll(() => textOf(page.getByTestId('login-error'))).toContain('用户名或密码错误');

    await login(page, 'admin', server.adminPassword);
    await page.waitForURL(/\/change-password$/);
    await screenshotBoth(page, phone, 'change-password');

    // Nowhere else to go until the password is changed.
    await page.goto(url('/units'));
    await page.waitForURL(/\/change-password$/);

    // The server's per-field message lands on the field.
    await page.locator('#currentPassword').fill('wrong-current-password');
    await page.locator('#newPassword').fill(ADMIN_NEW_PASSWORD);
    await page.locator('#confirm').fill(ADMIN_NEW_PASSWORD);
    await page.getByTestId('change-submit').click();
    await expect
      .poll(() => textOf(page.locator('.ant-form-item:has(#currentPassword) .ant-form-item-explain')))
      .toContain('当前密码不正确');

    await page.locator('#currentPassword').fill(server.adminPassword);
    await page.getByTestId('change-submit').click();
    await page.waitForURL(/\/units/);
    await settle(page);
    await expect.poll(() => textOf(page.getByTestId('current-user'))).toContain('街道指挥部管理员');
  });

  it('lays out a community and a compound and generates 72 households in one action', async () => {
    await expect.poll(() => textOf(page.getByTestId('unit-title'))).toBeTruthy();
    await addChild(page, COMMUNITY, '社区');
    await addChild(page, OTHER_COMMUNITY, '社区');
    await expect.poll(() => textOf(page.getByTestId('unit-children'))).toContain(OTHER_COMMUNITY);
    await screenshotBoth(page, phone, 'units');

    await openChild(page, COMMUNITY);
    await addChild(page, COMPOUND);
    await openChild(page, COMPOUND);
    await expect.poll(() => textOf(page.getByTestId('unit-breadcrumb'))).toContain(COMMUNITY);
    await screenshotBoth(page, phone, 'compound');

    await page.getByRole('tab', { name: '批量生成' }).click();
    await page.waitForURL(/tab=bulk/);
    for (const [field, value] of [
      ['buildingFrom', '1'],
      ['buildingTo', '3'],
      ['entrancesPerBuilding', '2'],
      ['floors', '6'],
      ['roomsPerFloor', '2'],
    ] as const) {
      await page.locator(`#${field}`).fill(value);
    }
    // The preview is computed as the numbers are typed: 3 × 2 × 6 × 2.
    await expect.poll(() => textOf(page.getByTestId('bulk-count'))).toContain('72');
    await expect.poll(() => textOf(page.getByTestId('bulk-preview'))).toContain('601、602');
    await screenshotBoth(page, phone, 'bulk');

    await page.getByTestId('bulk-submit').click();
    await expect.poll(() => textOf(page.getByTestId('bulk-result')), { timeout: 30_000 }).toContain('72');
    const table = await textOf(page.getByTestId('bulk-result-table'));
    expect(table).toMatch(/楼栋\s+3\s+0/);
    expect(table).toMatch(/单元\s+6\s+0/);
    expect(table).toMatch(/户\s+72\s+0/);
    await screenshot(page, 'bulk-result');

    // The compound's figures follow.
    await expect.poll(() => textOf(page.getByTestId('unit-counts'))).toMatch(/户\s*72/);
  });

  it('creates a community administrator and shows the temporary password once', async () => {
    await page.getByRole('menuitem', { name: '账号管理' }).click();
    await page.waitForURL(/\/users$/);
    await settle(page);
    await screenshotBoth(page, phone, 'users');

    await page.getByTestId('user-create').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.locator('#username').fill(MANAGER.username);
    await dialog.locator('#displayName').fill(MANAGER.displayName);
    await dialog.locator('.ant-form-item:has(#role) .ant-select').click();
    await page.locator('.ant-select-item-option[title="社区管理员"]').click();
    await dialog.locator('.ant-form-item:has(#unitId) .ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: COMMUNITY }).click();
    await screenshot(page, 'user-create');
    await confirmDialog(page);

    const secret = page.getByTestId('temp-password');
    await secret.waitFor();
    const temporaryPassword = (await secret.textContent())?.trim() ?? '';
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'user-temp-password');
    await page.getByTestId('temp-password-done').click();
    await expect.poll(() => textOf(page.getByTestId('users-table'))).toContain(MANAGER.username);
    pilotPassword = temporaryPassword;
  });

  it('records all of it in the audit log', async () => {
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/audit$/);
    await settle(page);
    const log = await textOf(page.getByTestId('audit-table'));
    for (const label of ['批量生成', '新建账号', '新建节点', '修改密码', '登录失败'])
      expect(log).toContain(label);
    await screenshotBoth(page, phone, 'audit');
  });

  it('lets the community administrator see that community and nothing above or beside it', async () => {
    const subdistrictId = await page.evaluate(async () => {
      const res = await fetch('/api/units', { credentials: 'same-origin' });
      const body = (await res.json()) as { items: { id: string }[] };
      return body.items[0]?.id ?? '';
    });

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
    await expect.poll(() => textOf(page.getByTestId('login-notice'))).toContain('已退出登录');

    await login(page, MANAGER.username, pilotPassword);
    await changePassword(page, pilotPassword, MANAGER.newPassword);
    await page.waitForURL(/\/units/);
    await settle(page);

    await expect.poll(() => textOf(page.getByTestId('unit-title'))).toContain(COMMUNITY);
    await expect.poll(() => textOf(page.getByTestId('unit-tree'))).toContain(COMPOUND);
    const tree = await textOf(page.getByTestId('unit-tree'));
    expect(tree).not.toContain(OTHER_COMMUNITY);
    expect(tree).not.toContain('街道');
    expect(await textOf(page.getByTestId('unit-breadcrumb'))).not.toContain('街道');
    expect(await textOf(page.getByTestId('current-user'))).toContain('社区管理员');

    // Search covers the account's subtree only.
    await page.getByTestId('unit-search').locator('input').fill('社区');
    await page.getByTestId('unit-search').locator('input').press('Enter');
    const results = page.getByTestId('unit-search-results');
    await expect.poll(() => textOf(results)).toContain(COMMUNITY);
    expect(await textOf(results)).not.toContain(OTHER_COMMUNITY);
    await page.getByRole('button', { name: '清除搜索' }).click();

    // The sub-district itself answers 404, as if it did not exist.
    const status = await page.evaluate(
      async (id) => (await fetch(`/api/units/${id}`, { credentials: 'same-origin' })).status,
      subdistrictId,
    );
    expect(status).toBe(404);
    await page.goto(url(`/units/${subdistrictId}`));
    await settle(page);
    await expect.poll(() => textOf(page.locator('.ant-result'))).toContain('找不到该记录');
    await page.goto(url('/units'));
    await settle(page);
    await screenshotBoth(page, phone, 'community-units');

    // The menu holds only what this role may use; modules that do not exist are not there at all.
    const menu = await textOf(page.locator('nav .ant-menu'));
    expect(menu).toContain('网格管理');
    expect(menu).toContain('账号管理');

    await page.goto(url('/no-such-page'));
    await settle(page);
    await expect.poll(() => textOf(page.locator('.ant-result-title'))).toContain('页面不存在');
    await screenshot(page, 'not-found');

    expect(pageErrors).toEqual([]);
  });
});
