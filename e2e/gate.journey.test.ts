/**
 * The gate page (门岗登记) on a guard's phone: sign in, pick the checkpoint, read a pass from a photo
 * of the QR code the server drew, 36.5 ℃ → 放行. Then the network goes: three entries are logged
 * offline and shown as waiting, the page is reloaded without network (the service worker serves
 * it, IndexedDB still holds the queue), the network returns and the first upload is cut off after
 * the server stored it — the resend is answered as duplicates, and the server holds each entry
 * exactly once. A 38.1 ℃ entry gets the red fever verdict and opens an alert.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  changePassword,
  closeJourney,
  login,
  openJourney,
  type RunningServer,
  SCREENSHOTS,
  screenshot,
  settle,
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Gate-HQ-2026!';
const GUARD = 'gate-guard';
const GUARD_TEMP_PASSWORD = 'Temp-Guard-2026!';
const GUARD_PASSWORD = 'Guard-Night-2026!';
const LOAD = { timeout: 15_000 };

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let gate: Page;
let gateErrors: string[];
let checkpointId = '';
let passId = '';
let passToken = '';

beforeAll(async () => {
  ({ server, browser, desktop, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

async function created(p: Page, pathname: string, body: unknown): Promise<string> {
  const res = await apiCall(p, 'POST', pathname, body);
  expect(res.status, `${pathname}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

const entries = (p: Page) => p.getByTestId('gate-entry');
const entriesIn = (p: Page, state: string) => p.locator(`[data-testid="gate-entry"][data-state="${state}"]`);

async function typeTemperature(p: Page, value: string) {
  for (const ch of value.replace('.', '')) await p.getByTestId(`gate-key-${ch}`).click();
  await expect.poll(() => textOf(p.getByTestId('gate-temperature-value'))).toBe(`${value}℃`);
}

/** The typed fallback: the pass code into "证件号/姓名", as a keyboard-wedge scanner would type it. */
async function typePass(p: Page, token: string) {
  await p.getByTestId('gate-action-lookup').click();
  await p.getByTestId('gate-lookup-input').fill(token);
  await p.getByTestId('gate-lookup-token').click();
}

async function verdict(p: Page) {
  const v = p.getByTestId('gate-verdict');
  await v.waitFor(LOAD);
  return { decision: await v.getAttribute('data-decision'), text: await textOf(v) };
}

async function dismissVerdict(p: Page) {
  await p.getByTestId('gate-verdict-next').click();
  await p.getByTestId('gate-verdict').waitFor({ state: 'detached' });
}

describe('gate journey', () => {
  it('sets up a closed compound with a household pass, a checkpoint and a guard', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    const me = await apiCall(page, 'GET', '/api/auth/me');
    const community = await created(page, '/api/units', {
      parentId: me.body.unitId,
      type: 'community',
      name: '门岗社区',
    });
    const compound = await created(page, '/api/units', {
      parentId: community,
      type: 'compound',
      name: '如意家园',
    });
    const building = await created(page, '/api/units', {
      parentId: compound,
      type: 'building',
      name: '1号楼',
    });
    const entrance = await created(page, '/api/units', {
      parentId: building,
      type: 'entrance',
      name: '2单元',
    });
    const room = await created(page, '/api/units', { parentId: entrance, type: 'household', name: '1201' });
    const status = await apiCall(page, 'POST', `/api/units/${compound}/status`, {
      status: 'closed',
      reason: '疫情防控封闭管理',
    });
    expect(status.status).toBe(200);
    const household = await created(page, '/api/households', {
      roomId: room,
      persons: [
        { name: '王秀英', relation: 'head', idNumber: '11010519491231002X' },
        { name: '李建国', relation: 'spouse' },
      ],
    });
    checkpointId = await created(page, '/api/checkpoints', { unitId: compound, name: '东门' });
    const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const pass = await apiCall(page, 'POST', '/api/passes', {
      kind: 'household',
      householdId: household,
      validTo,
    });
    expect(pass.status, JSON.stringify(pass.body)).toBe(201);
    passId = pass.body.id;
    passToken = pass.body.token;
    expect(passToken.startsWith('SWP.')).toBe(true);
    const guard = await apiCall(page, 'POST', '/api/users', {
      username: GUARD,
      displayName: '张师傅',
      role: 'checkpoint_guard',
      unitId: compound,
      password: GUARD_TEMP_PASSWORD,
    });
    expect(guard.status, JSON.stringify(guard.body)).toBe(201);
  });

  it('signs the guard in on a phone, picks the checkpoint once and syncs it', async () => {
    gate = await phone.newPage();
    gateErrors = trackPageErrors(gate);
    await gate.goto(url('/gate'));
    await gate.waitForURL(/\/login/);
    await login(gate, GUARD, GUARD_TEMP_PASSWORD);
    await changePassword(gate, GUARD_TEMP_PASSWORD, GUARD_PASSWORD);
    await gate.waitForURL((u) => !u.pathname.endsWith('/change-password'));
    await gate.goto(url('/gate'));
    await gate.getByTestId('gate-setup').waitFor(LOAD);
    // The only checkpoint of the guard's compound is picked already.
    await expect.poll(() => gate.getByTestId('gate-setup-checkpoint').count(), LOAD).toBe(1);
    expect(await gate.getByTestId('gate-setup-checkpoint').getAttribute('aria-pressed')).toBe('true');
    expect(await textOf(gate.getByTestId('gate-setup'))).toContain('封闭管理');
    await gate.getByTestId('gate-setup-start').click();
    await gate.getByTestId('gate-screen').waitFor(LOAD);
    expect(await textOf(gate.getByTestId('gate-checkpoint-name'))).toBe('东门');
    await expect.poll(() => textOf(gate.getByTestId('gate-sync-text')), LOAD).toBe('刚刚同步');
    await gate.getByTestId('gate-recent-empty').waitFor();
    // The service worker takes over the page, so it opens again without network.
    await expect
      .poll(() => gate.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);
    // The choice is remembered: a reload goes straight to the gate.
    await gate.reload();
    await gate.getByTestId('gate-screen').waitFor(LOAD);
  });

  it('reads the pass from a photo of its QR code: 36.5 ℃ → 放行, sent at once', async () => {
    const png = await desktop.request.get(url(`/api/passes/${passId}/qr.png`));
    expect(png.status()).toBe(200);
    const file = path.join(os.tmpdir(), `gate-pass-${passId}.png`);
    fs.writeFileSync(file, await png.body());

    await typeTemperature(gate, '36.5');
    await gate.getByTestId('gate-scan').click();
    await gate.getByTestId('gate-scanner').waitFor();
    // Headless Chromium has no camera: the scanner says so and offers the photo instead.
    await expect.poll(() => textOf(gate.getByTestId('gate-scan-status')), LOAD).toContain('拍照识别');
    await gate.getByTestId('gate-scan-file').setInputFiles(file);
    const v = await verdict(gate);
    expect(v.decision).toBe('allow');
    expect(v.text).toContain('放行');
    expect(v.text).toContain('王*英等2人');
    expect(v.text).toContain('1号楼 2单元 1201');
    expect(v.text).toContain('36.5℃');
    await dismissVerdict(gate);
    await expect.poll(() => entriesIn(gate, 'sent').count(), LOAD).toBe(1);
    fs.rmSync(file, { force: true });
  });

  it('logs three entries offline, survives a reload, and sends each exactly once when back online', async () => {
    await phone.setOffline(true);
    await gate.getByTestId('gate-banner-offline').waitFor(LOAD);
    for (const temp of ['36.3', '36.7', '36.5']) {
      await gate.getByTestId('gate-temperature-pick').filter({ hasText: temp }).click();
      await typePass(gate, passToken);
      const v = await verdict(gate);
      expect(v.decision).toBe('allow');
      expect(v.text).toContain('已保存在本机');
      await dismissVerdict(gate);
    }
    await expect.poll(() => entriesIn(gate, 'waiting').count()).toBe(3);
    expect(await textOf(gate.getByTestId('gate-banner-offline'))).toContain('3 条');
    await screenshot(gate, 'gate-offline');

    // The page is closed and opened again without network: the worker serves it, the queue is kept.
    const reach = () =>
      gate.evaluate(() =>
        fetch('/api/health').then(
          () => 'up',
          () => 'down',
        ),
      );
    expect(await reach()).toBe('down');
    await gate.reload();
    await gate.getByTestId('gate-screen').waitFor(LOAD);
    await expect.poll(() => entriesIn(gate, 'waiting').count(), LOAD).toBe(3);

    // The first upload reaches the server, but its answer is lost on the way back (the phone sees a
    // network error): the entries stay waiting and are sent again with the same ids.
    await gate.evaluate(() => {
      const real = window.fetch.bind(window);
      const w = window as unknown as { cutAnswers: number; passagePosts: number };
      w.cutAnswers = 0;
      w.passagePosts = 0;
      window.fetch = async (input, init) => {
        const u = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!u.endsWith('/api/passages') || init?.method !== 'POST') return real(input, init);
        // Counted once it reached the server (while offline the request fails before that).
        const res = await real(input, init);
        w.passagePosts++;
        if (w.cutAnswers === 0) {
          w.cutAnswers++;
          await res.text();
          throw new TypeError('Failed to fetch');
        }
        return res;
      };
    });
    await phone.setOffline(false);
    await expect.poll(() => entriesIn(gate, 'sent').count(), { timeout: 30_000 }).toBe(4);
    expect(await entriesIn(gate, 'waiting').count()).toBe(0);
    const sends = await gate.evaluate(() => {
      const w = window as unknown as { cutAnswers: number; passagePosts: number };
      return { cut: w.cutAnswers, posts: w.passagePosts };
    });
    expect(sends.cut).toBe(1);
    expect(sends.posts).toBe(2);
    // The resend was answered "duplicate" for each of the three: the server had them already.
    const answers = await gate.evaluate(
      () =>
        new Promise<{ duplicate: boolean }[]>((resolve, reject) => {
          const open = indexedDB.open('shouwang-gate');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('entries').objectStore('entries').getAll();
            all.onsuccess = () =>
              resolve(
                (all.result as { server: { duplicate: boolean } | null }[]).flatMap((e) =>
                  e.server ? [e.server] : [],
                ),
              );
            all.onerror = () => reject(all.error);
          };
        }),
    );
    expect(answers.filter((a) => a.duplicate)).toHaveLength(3);

    const stored = await apiCall(page, 'GET', `/api/passages?checkpoint=${checkpointId}&pageSize=50`);
    expect(stored.status).toBe(200);
    expect(stored.body.total).toBe(4);
    const ids = (stored.body.items as { id: string }[]).map((i) => i.id);
    expect(new Set(ids).size).toBe(4);
    const temps = (stored.body.items as { temperature: number }[])
      .map((i) => i.temperature)
      .sort((a, b) => a - b);
    expect(temps).toEqual([36.3, 36.5, 36.5, 36.7]);
  });

  it('denies a 38.1 ℃ entry as a fever; the community alert page shows it within 2 s', async () => {
    await page.goto(url('/isolation/alerts'));
    await page.getByTestId('alerts-none').or(page.getByTestId('alerts-open')).first().waitFor(LOAD);
    await settle(page);
    expect(await page.getByTestId('alert-row').count()).toBe(0);
    await typeTemperature(gate, '38.1');
    await typePass(gate, passToken);
    const v = await verdict(gate);
    expect(v.decision).toBe('deny');
    expect(v.text).toContain('禁止');
    expect(v.text).toContain('体温异常');
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 2_000 }).toBe(1);
    await gate.screenshot({ path: path.join(SCREENSHOTS, 'gate-verdict-fever-375.png') });
    await dismissVerdict(gate);
    await expect.poll(() => entriesIn(gate, 'sent').count(), LOAD).toBe(5);
    const first = entries(gate).first();
    expect(await first.getAttribute('data-decision')).toBe('deny');
    expect(await textOf(first)).toContain('已推送预警');
    // The device and the server reached the same verdict on every entry.
    expect(await gate.getByText('服务器复核').count()).toBe(0);

    const alerts = await apiCall(page, 'GET', '/api/alerts?status=open&pageSize=50');
    expect(alerts.status).toBe(200);
    const fever = (alerts.body.items as { kind: string; sourceType: string }[]).filter(
      (a) => a.kind === 'fever' && a.sourceType === 'passage',
    );
    expect(fever).toHaveLength(1);
  });

  it('looks right on a phone and centred on a desktop', async () => {
    await settle(gate);
    await screenshot(gate, 'gate');
    await page.goto(url('/gate'));
    await page.getByTestId('gate-setup').waitFor(LOAD);
    await page.getByTestId('gate-setup-checkpoint').filter({ hasText: '东门' }).click();
    await page.getByTestId('gate-setup-start').click();
    await page.getByTestId('gate-screen').waitFor(LOAD);
    await expect.poll(() => textOf(page.getByTestId('gate-sync-text')), LOAD).toBe('刚刚同步');
    // A visitor to a household of the closed compound: registered on the spot, then let in.
    await typeTemperature(page, '36.6');
    await page.getByTestId('gate-action-visitor').click();
    await page.getByTestId('gate-visitor-name').fill('赵小六');
    await page.getByTestId('gate-visitor-phone').fill('138 0013 8000');
    await page.getByTestId('gate-visitor-submit').click();
    // Under closed management the household visited is required.
    await expect
      .poll(() => textOf(page.getByTestId('gate-visitor-form')))
      .toContain('封闭管理期间，访客须登记被访住户');
    await page.locator('.ant-select').filter({ hasText: '搜索楼号' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '1号楼 2单元 1201' }).click();
    await page.getByTestId('gate-visitor-submit').click();
    const v = await verdict(page);
    expect(v.decision).toBe('allow');
    expect(v.text).toContain('赵小六');
    await dismissVerdict(page);
    await expect.poll(() => entriesIn(page, 'sent').count(), LOAD).toBe(1);
    await settle(page);
    await screenshot(page, 'gate');
    expect(gateErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
