/**
 * Checkpoints and passes at the community office (issue 4): a community secretary on a desktop sets up
 * the south gate of a compound under closed management through the page, issues a household pass
 * through the page, prints it on paper (the server's QR code loads on the card), sees what passed the
 * gate in the log with its counts and on the person's page, and revokes the pass with a reason — its
 * state turns to revoked in the drawer and in the list.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  changePassword,
  closeJourney,
  confirmDialog,
  type Journey,
  login,
  openJourney,
  screenshotBoth,
  settle,
  textOf,
} from './support';

const ADMIN_NEW_PASSWORD = 'Checkpoint-HQ-2026!';
const SECRETARY = 'kkou.admin';
const SECRETARY_TEMP = 'Kakou-Temp-2026!';
const SECRETARY_NEW = 'Kakou-Mine-2026!';
const COMPOUND = '卡口家园';
const GATE = '南门';
const LOAD = { timeout: 15_000 };

let j: Journey;
let page: Page;
let url: (p: string) => string;
let compoundId = '';
let householdId = '';
let personId = '';
let passId = '';

beforeAll(async () => {
  j = await openJourney();
  page = j.page;
  url = (p: string) => `${j.server.baseUrl}${p}`;
});

afterAll(async () => {
  await closeJourney(j);
});

const dialog = (p: Page) => p.locator('.ant-modal:visible');

/** Success toasts have said their piece: the pictures show the page. */
const toastsGone = (p: Page) =>
  p
    .locator('.ant-message-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 8_000 })
    .catch(() => undefined);

describe('checkpoints journey', () => {
  it('seeds a community, a compound under closed management, a household and its secretary', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', j.server.adminPassword);
    await changePassword(page, j.server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    const root = (await apiCall(page, 'GET', '/api/units')).body.items[0].id as string;
    const unit = async (parentId: string, type: string, name: string, extra: object = {}) => {
      const res = await apiCall(page, 'POST', '/api/units', { parentId, type, name, ...extra });
      expect(res.status, name).toBe(201);
      return res.body.id as string;
    };
    const community = await unit(root, 'community', '卡口社区');
    compoundId = await unit(community, 'compound', COMPOUND);
    const building = await unit(compoundId, 'building', '1号楼');
    const room = await unit(building, 'household', '301', { floor: 3 });
    const closed = await apiCall(page, 'POST', `/api/units/${compoundId}/status`, {
      status: 'closed',
      reason: '实行封闭式管理',
    });
    expect(closed.status).toBe(200);
    const household = await apiCall(page, 'POST', '/api/households', {
      roomId: room,
      persons: [
        { name: '王秀英', relation: 'head' },
        { name: '李建国', relation: 'spouse' },
      ],
    });
    expect(household.status).toBe(201);
    householdId = household.body.id;
    personId = household.body.persons[0].id;
    const account = await apiCall(page, 'POST', '/api/users', {
      username: SECRETARY,
      displayName: '卡口社区书记',
      role: 'community_admin',
      unitId: community,
      password: SECRETARY_TEMP,
    });
    expect(account.status).toBe(201);
    expect((await apiCall(page, 'POST', '/api/auth/logout', {})).status).toBeLessThan(300);
  });

  it('lets the secretary set up the south gate through the page, with its compound’s rules', async () => {
    await page.goto(url('/login'));
    await login(page, SECRETARY, SECRETARY_TEMP);
    await changePassword(page, SECRETARY_TEMP, SECRETARY_NEW);
    await page.waitForURL(/\/units/);
    await page.getByRole('menuitem', { name: '卡口管理' }).click();
    await page.waitForURL(/\/checkpoints$/);
    await page.getByTestId('checkpoints-empty').waitFor(LOAD);

    await page.getByTestId('checkpoint-create').click();
    const d = dialog(page);
    await d.getByTestId('unit-tree-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: COMPOUND })
      .click();
    // The compound's status and the rules its gates follow appear once it is picked.
    await expect.poll(() => textOf(d.getByTestId('rules-compound')), LOAD).toContain('闭环管理');
    await d.locator('#name').fill(GATE);
    await d.getByTestId('lane-add').click();
    await d.getByPlaceholder('通道名称').last().fill('车行道');
    expect(await d.getByTestId('quota-on').getAttribute('aria-checked')).toBe('true');
    await confirmDialog(page);
    await expect.poll(() => dialog(page).count(), LOAD).toBe(0);

    const row = page.getByTestId('checkpoint-row').filter({ hasText: GATE });
    await expect.poll(() => row.count(), LOAD).toBe(1);
    const text = await textOf(row);
    expect(text).toContain(`卡口社区 ${COMPOUND}`);
    expect(text).toContain('闭环管理');
    expect(text).toContain('居民凭有效出入证进出');
    expect(text).toContain('行人通道');
    expect(text).toContain('车行道');
    expect(text).toContain('每户2天1次');
    await screenshotBoth(page, j.phone, 'checkpoints-list');
  });

  it('issues a household pass through the page and shows it with its QR code and link', async () => {
    await page.getByTestId('checkpoints-nav').getByRole('tab', { name: '出入证' }).click();
    await page.waitForURL(/\/checkpoints\/passes$/);
    await page.getByTestId('passes-empty').waitFor(LOAD);
    await page.getByTestId('pass-issue').click();
    const d = dialog(page);
    await d.getByTestId('pass-person').click();
    await d.getByTestId('pass-person').locator('input').fill('李建国');
    await page.locator('.ant-select-item-option', { hasText: '李建国' }).click();
    // Any member picks the household: all of its members are named.
    await expect.poll(() => textOf(d.getByTestId('pass-household-members')), LOAD).toContain('本户 2 人');
    await confirmDialog(page);

    const detail = page.getByTestId('pass-detail');
    await detail.waitFor(LOAD);
    expect(await detail.getAttribute('data-state')).toBe('active');
    expect(await textOf(detail)).toContain('王秀英 等2人');
    await expect
      .poll(() => page.getByTestId('pass-qr').evaluate((img: HTMLImageElement) => img.naturalWidth), LOAD)
      .toBeGreaterThan(0);
    expect(await textOf(page.getByTestId('pass-link'))).toMatch(/\/pass\/[\w-]{24,40}$/);
    const passes = await apiCall(page, 'GET', `/api/passes?household=${householdId}`);
    expect(passes.body.items).toHaveLength(1);
    passId = passes.body.items[0].id;
    expect(passes.body.items[0]).toMatchObject({ kind: 'household', state: 'active', members: 2 });
  });

  it('prints the pass on a card with the server’s QR code and the masked name', async () => {
    await page.getByTestId('pass-print').click();
    await page.waitForURL(new RegExp(`/print/passes\\?ids=${passId}$`));
    const card = page.getByTestId('print-pass');
    await card.waitFor(LOAD);
    await expect
      .poll(
        () => page.getByTestId('print-pass-qr').evaluate((img: HTMLImageElement) => img.naturalWidth),
        LOAD,
      )
      .toBeGreaterThan(0);
    // The paper carries the label signed into the code, never the full name.
    expect(await textOf(page.getByTestId('print-pass-holder'))).toBe('王*英等2人');
    expect(await textOf(card)).not.toContain('王秀英');
    expect(await textOf(card)).toContain(COMPOUND);
    expect(await page.getByTestId('print-passes').isEnabled()).toBe(true);
    await toastsGone(page);
    await screenshotBoth(page, j.phone, 'passes-print');
  });

  it('shows what passed the gate in the log, in its counts and on the person’s page', async () => {
    const gate = (await apiCall(page, 'GET', '/api/checkpoints')).body.items[0];
    const token = (await apiCall(page, 'GET', `/api/passes/${passId}`)).body.token as string;
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const sent = await apiCall(page, 'POST', '/api/passages', {
      entries: [
        {
          id: randomUUID(),
          checkpointId: gate.id,
          at: at(30),
          direction: 'out',
          passToken: token,
          temperature: 36.5,
        },
        {
          id: randomUUID(),
          checkpointId: gate.id,
          at: at(5),
          direction: 'in',
          passToken: token,
          temperature: 37.9,
        },
      ],
    });
    expect(sent.status).toBe(200);
    expect(sent.body.stored).toBe(2);

    await page.goto(url(`/checkpoints/passages?checkpoint=${gate.id}`));
    await expect.poll(() => page.getByTestId('passage-row').count(), LOAD).toBe(2);
    const fever = page.locator('[data-testid="passage-row"][data-decision="deny"]');
    expect(await textOf(fever)).toContain('体温异常');
    expect(await textOf(fever)).toContain('37.9');
    await expect
      .poll(() => textOf(page.getByTestId('counts-total')), LOAD)
      .toMatch(/进\s*1\s*出\s*1\s*发热\s*1/);
    await screenshotBoth(page, j.phone, 'passages-log');

    await page.goto(url(`/registry/persons/${personId}`));
    await expect.poll(() => page.getByTestId('movement').count(), LOAD).toBe(2);
    expect(await textOf(page.getByTestId('movements-card'))).toContain('凭家庭出入证');
  });

  it('revokes the pass with a reason, and its state changes', async () => {
    await page.goto(url('/checkpoints/passes'));
    const row = page.locator('[data-testid="pass-row"]');
    await expect.poll(() => row.getAttribute('data-state'), LOAD).toBe('active');
    await row.click();
    await page.getByTestId('pass-detail').waitFor(LOAD);
    await page.getByTestId('pass-revoke').click();
    const d = dialog(page);
    await d.getByTestId('pass-revoke-reason').fill('已搬离本小区');
    await d.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await expect.poll(() => page.getByTestId('pass-detail').getAttribute('data-state'), LOAD).toBe('revoked');
    expect(await textOf(page.getByTestId('pass-revoked'))).toContain('已搬离本小区');
    await page.locator('.ant-drawer-close').click();
    await expect.poll(() => row.getAttribute('data-state'), LOAD).toBe('revoked');
    expect(await textOf(row)).toContain('已注销');
    await toastsGone(page);
    await settle(page);
    await screenshotBoth(page, j.phone, 'passes-list');

    const pass = await apiCall(page, 'GET', `/api/passes/${passId}`);
    expect(pass.body).toMatchObject({ state: 'revoked', revokeReason: '已搬离本小区' });
    expect(j.pageErrors).toEqual([]);
  });
});
