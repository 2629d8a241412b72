/**
 * The census coverage (摸排进度): a sub-district lays out a compound of two buildings, one household is
 * registered, and the coverage page shows 1 of 8 rooms reached — in the figures, in the building × floor
 * grid and in the worklist of rooms not reached, each leading to the entry page walking the compound.
 * The paper cards (入户登记卡) print one per room, two to an A4 page.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChild,
  animationsDone,
  apiCall,
  changePassword,
  closeJourney,
  DESKTOP,
  login,
  openChild,
  openJourney,
  type RunningServer,
  SCREENSHOTS,
  screenshotBoth,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Coverage-HQ-2026!';
const COMMUNITY = '摸排社区';
const COMPOUND = '摸排小区';
const LOAD = { timeout: 15_000 };
const ROOMS = 8; // 2 buildings × 1 entrance × 2 floors × 2 rooms

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let compoundId = '';
let communityId = '';
let reachedRoom = '';
let otherRoom = '';
let householdId = '';

beforeAll(async () => {
  ({ server, browser, desktop, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

const cells = (p: Page) => p.getByTestId('grid-cell');
const cell = (p: Page, roomId: string) => p.locator(`[data-testid="grid-cell"][data-room="${roomId}"]`);

describe('coverage journey', () => {
  it('lays out a compound of two buildings and registers one household', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    await settle(page);
    await expect.poll(() => textOf(page.getByTestId('unit-title'))).toBeTruthy();
    await addChild(page, COMMUNITY, '社区');
    await openChild(page, COMMUNITY);
    communityId = /\/units\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    await addChild(page, COMPOUND);
    await openChild(page, COMPOUND);
    compoundId = /\/units\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    expect(compoundId).not.toBe('');
    await page.getByRole('tab', { name: '批量生成' }).click();
    for (const [field, value] of [
      ['buildingFrom', '1'],
      ['buildingTo', '2'],
      ['entrancesPerBuilding', '1'],
      ['floors', '2'],
      ['roomsPerFloor', '2'],
    ] as const) {
      await page.locator(`#${field}`).fill(value);
    }
    await page.getByTestId('bulk-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('bulk-result')), { timeout: 30_000 })
      .toContain(String(ROOMS));

    const grid = await apiCall(page, 'GET', `/api/coverage/grid?compound=${compoundId}`);
    const rooms = grid.body.buildings[0].entrances[0].rooms as { id: string; name: string }[];
    reachedRoom = rooms.find((r) => r.name === '101')?.id ?? '';
    otherRoom = rooms.find((r) => r.name === '102')?.id ?? '';
    const created = await apiCall(page, 'POST', '/api/households', {
      roomId: reachedRoom,
      persons: [{ name: '王秀英', relation: 'head' }, { name: '李建国' }],
    });
    expect(created.status).toBe(201);
    householdId = created.body.id;
  });

  it('drills down from the sub-district to the compound, with figures and a bar per child', async () => {
    await page.getByRole('menuitem', { name: '居民登记' }).click();
    await page.waitForURL(/\/registry$/);
    await page.getByTestId('registry-nav').getByRole('tab', { name: '摸排进度' }).click();
    await page.waitForURL(/\/registry\/coverage$/);
    await settle(page);
    // The account's own node (the sub-district) by default.
    await expect.poll(() => textOf(page.getByTestId('coverage-figure-rooms')), LOAD).toContain(String(ROOMS));
    await page.getByTestId('coverage-child').filter({ hasText: COMMUNITY }).click();
    await page.waitForURL(new RegExp(`unit=${communityId}`));
    await page.getByTestId('coverage-child').filter({ hasText: COMPOUND }).click();
    await page.waitForURL(new RegExp(`unit=${compoundId}`));
    await settle(page);

    const figure = (key: string) => textOf(page.getByTestId(`coverage-figure-${key}`).getByTestId('value'));
    await expect.poll(() => figure('rooms'), LOAD).toBe(String(ROOMS));
    expect(await figure('households')).toBe('1');
    expect(await figure('persons')).toBe('2');
    expect(await figure('unreached')).toBe(String(ROOMS - 1));
    expect(await figure('covered')).toBe('12.5%');
    expect(await textOf(page.getByTestId('coverage-progress'))).toContain(`1 / ${ROOMS}`);
    // The buildings, each with its bar.
    const children = await textOf(page.getByTestId('coverage-children'));
    expect(children).toContain('1号楼');
    expect(children).toContain('2号楼');
    expect(children).toContain('25%');
    expect(children).toContain('0%');

    // Back returns to the community, forward to the compound.
    await page.goBack();
    await page.waitForURL(new RegExp(`unit=${communityId}`));
    await expect.poll(() => textOf(page.getByTestId('coverage-children')), LOAD).toContain(COMPOUND);
    await page.goForward();
    await page.waitForURL(new RegExp(`unit=${compoundId}`));
  });

  it('colours the building × floor grid by status, and leads each cell to the household or the entry', async () => {
    await expect.poll(() => page.getByTestId('grid-building').count(), LOAD).toBe(2);
    expect(await cells(page).count()).toBe(ROOMS);
    expect(await cell(page, reachedRoom).getAttribute('data-status')).toBe('reached');
    expect(await cell(page, otherRoom).getAttribute('data-status')).toBe('unreached');
    expect(await page.locator('[data-testid="grid-cell"][data-status="unreached"]').count()).toBe(ROOMS - 1);
    // The colours differ, not just the attributes.
    const bg = (id: string) => cell(page, id).evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await bg(reachedRoom)).not.toBe(await bg(otherRoom));
    expect(await textOf(cell(page, reachedRoom))).toContain('2人');
    // Top floor first.
    const firstRow = await textOf(page.getByTestId('grid-building').first().locator('tbody tr').first());
    expect(firstRow).toContain('2层');
    expect(await textOf(page.getByTestId('grid-legend'))).toContain('未摸排');

    expect(await cell(page, reachedRoom).getAttribute('href')).toBe(`/registry/households/${householdId}`);
    const entry = new URL(url((await cell(page, otherRoom).getAttribute('href')) ?? ''));
    expect(entry.pathname).toBe('/registry/entry');
    expect(entry.searchParams.get('room')).toBe(otherRoom);
    expect(entry.searchParams.get('walk')).toBe(compoundId);

    await page.mouse.move(0, 0);
    await screenshotBoth(page, phone, 'coverage-grid');
    // On a phone the page itself never scrolls sideways; a wide building scrolls inside its block.
    const phonePage = await phone.newPage();
    await phonePage.goto(page.url());
    await settle(phonePage);
    await expect.poll(() => phonePage.getByTestId('grid-building').count(), LOAD).toBe(2);
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phonePage.close();

    await cell(page, reachedRoom).click();
    await page.waitForURL(new RegExp(`/registry/households/${householdId}`));
    await page.goBack();
    await page.waitForURL(new RegExp(`unit=${compoundId}`));
  });

  it('lists the rooms not reached, each with an entry link walking the compound', async () => {
    const list = page.getByTestId('unreached-room');
    await expect.poll(() => list.count(), LOAD).toBe(ROOMS - 1);
    expect(await textOf(page.getByTestId('unreached-card'))).toContain(`共 ${ROOMS - 1} 间`);
    const texts = await list.allInnerTexts();
    expect(texts.some((t) => t.includes(`${COMPOUND} 1号楼 1单元 102`))).toBe(true);
    expect(texts.some((t) => t.includes(`${COMPOUND} 1号楼 1单元 101`))).toBe(false);
    const enter = new URL(
      url((await list.first().getByTestId('unreached-enter').getAttribute('href')) ?? ''),
    );
    expect(enter.searchParams.get('room')).toBe(await list.first().getAttribute('data-room'));
    expect(enter.searchParams.get('walk')).toBe(compoundId);
    const walk = new URL(url((await page.getByTestId('unreached-walk').getAttribute('href')) ?? ''));
    expect(walk.searchParams.get('room')).toBe(await list.first().getAttribute('data-room'));
    expect(walk.searchParams.get('walk')).toBe(compoundId);
    await page.getByTestId('unreached-walk').click();
    await page.waitForURL(/\/registry\/entry\?room=.+&walk=/);
    await page.goBack();
    await page.waitForURL(new RegExp(`unit=${compoundId}`));
  });

  it('prints a card per room, two to an A4 page, or only the rooms not reached', async () => {
    await settle(page);
    await page.getByTestId('print-cards').click();
    const onlyHref = await page.getByTestId('print-unreached').getAttribute('href');
    expect(onlyHref).toBe(`/print/cards?unit=${compoundId}&only=unreached`);
    expect(await textOf(page.getByTestId('print-unreached'))).toContain(String(ROOMS - 1));

    const print = await desktop.newPage();
    const printErrors = trackPageErrors(print);
    await print.goto(url(`/print/cards?unit=${compoundId}`));
    await settle(print);
    await expect.poll(() => print.getByTestId('registration-card').count(), LOAD).toBe(ROOMS);
    expect(await textOf(print.getByTestId('cards-count'))).toContain(`共 ${ROOMS} 张`);
    const first = print.getByTestId('registration-card').first();
    expect(await textOf(first)).toContain('入户登记卡');
    expect(await textOf(first.getByTestId('card-address'))).toContain(`${COMMUNITY} ${COMPOUND} 1号楼 1单元`);
    for (const column of [
      '姓名',
      '证件号码',
      '手机号码',
      '与户主关系',
      '居住类型',
      '来源地',
      '返回日期',
      '交通方式',
      '登记人',
    ])
      expect(await textOf(first)).toContain(column);
    expect(await textOf(first.getByTestId('card-code'))).toMatch(/[0-9a-f-]{36}/);

    await print.goto(url(onlyHref ?? ''));
    await settle(print);
    await expect.poll(() => print.getByTestId('registration-card').count(), LOAD).toBe(ROOMS - 1);
    expect(await print.locator(`[data-testid="registration-card"][data-room="${reachedRoom}"]`).count()).toBe(
      0,
    );

    // As printed: the toolbar is gone and 7 cards fill 4 A4 pages, none split.
    const pdf = await print.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBe(Math.ceil((ROOMS - 1) / 2));
    const pdfFile = path.join(os.tmpdir(), `coverage-cards-${server.port}.pdf`);
    fs.writeFileSync(pdfFile, pdf);
    // The first printed page as a picture for the docs, where poppler is installed.
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    spawnSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-singlefile',
      '-f',
      '1',
      '-l',
      '1',
      pdfFile,
      path.join(SCREENSHOTS, 'coverage-cards-pdf'),
    ]);
    fs.rmSync(pdfFile, { force: true });
    // The page under print media at the printable width of A4 (186 mm at 96 dpi).
    await print.setViewportSize({ width: 703, height: 1032 });
    await print.emulateMedia({ media: 'print' });
    expect(await print.locator('.sw-no-print').isVisible()).toBe(false);
    await animationsDone(print);
    await print.screenshot({ path: path.join(SCREENSHOTS, 'coverage-cards-print.png') });
    await print.setViewportSize(DESKTOP);
    await print.emulateMedia({ media: 'screen' });
    await screenshotBoth(print, phone, 'coverage-cards');
    expect(printErrors).toEqual([]);
    await print.close();
    expect(pageErrors).toEqual([]);
  });
});
