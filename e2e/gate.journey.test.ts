/**
 * The gate page (门岗登记) on a guard's phone: /gate is a page of its own (gate.html); a guard who
 * is not signed in is sent to the main app's login and lands back on the gate. Pick the checkpoint,
 * read a household pass from a photo of the QR code the server drew, tap the member passing (李*国),
 * 36.5 ℃ → 放行, and the server's row names him. Then the network goes:
 * fifty entries are logged offline and shown as waiting, the page is reloaded without network (the
 * service worker serves it, IndexedDB still holds the queue), the network returns and the first
 * upload is cut off after the server stored it — the resend is answered as duplicates, and the
 * server holds each entry exactly once. A 37.8 ℃ entry (the threshold is 37.3 ℃) gets the red fever
 * verdict and opens an alert. The gate's menu leads back to the main app and signs out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  animationsDone,
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
/** Entries logged while the phone is offline. */
const OFFLINE_ENTRIES = 50;

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
/** The household's members: 王秀英 (head), 李建国 (spouse). */
let memberIds: string[] = [];

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

/**
 * One entry the quickest way the page allows, as a guard at a desk with a keyboard-wedge scanner
 * would: the temperature typed on the keyboard, the pass code typed into "证件号/姓名" and Enter,
 * 0 for "不指定" when the household pass asks who is passing, then Enter on the verdict to go on.
 */
async function logByKeyboard(p: Page, temperature: string, token: string) {
  await p.keyboard.type(temperature.replace('.', ''));
  await p.getByTestId('gate-action-lookup').click();
  const input = p.getByTestId('gate-lookup-input');
  await input.fill(token);
  await input.press('Enter');
  // A household pass asks who is passing: 0 is "不指定" (the household only).
  await p.getByTestId('gate-member-sheet').waitFor(LOAD);
  await p.keyboard.press('0');
  const v = p.getByTestId('gate-verdict');
  await v.waitFor(LOAD);
  const decision = await v.getAttribute('data-decision');
  const state = await textOf(p.getByTestId('gate-verdict-state'));
  await p.keyboard.press('Enter');
  await v.waitFor({ state: 'detached' });
  return { decision, state };
}

/** The device's outbox as IndexedDB holds it. */
function storedEntries(p: Page) {
  return p.evaluate(
    () =>
      new Promise<{ id: string; state: string; server: { duplicate: boolean } | null }[]>(
        (resolve, reject) => {
          const open = indexedDB.open('shouwang-gate');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('entries').objectStore('entries').getAll();
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
          };
        },
      ),
  );
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
    const hh = await apiCall(page, 'POST', '/api/households', {
      roomId: room,
      persons: [
        { name: '王秀英', relation: 'head', idNumber: '11010519491231002X' },
        { name: '李建国', relation: 'spouse' },
      ],
    });
    expect(hh.status, JSON.stringify(hh.body)).toBe(201);
    const household = hh.body.id as string;
    memberIds = (hh.body.persons as { id: string }[]).map((p) => p.id);
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

  it('serves the gate as a page of its own, without the main app', async () => {
    for (const pathname of ['/gate', '/gate/', '/gate/anything?x=1']) {
      const res = await desktop.request.get(url(pathname));
      expect(res.status(), pathname).toBe(200);
      expect(res.headers()['cache-control'], pathname).toBe('no-cache');
      const html = await res.text();
      expect(html, pathname).toMatch(/<script type="module" crossorigin src="\/assets\/gate-[\w-]+\.js">/);
      expect(html, pathname).not.toMatch(/assets\/(index|antd|router)-/);
    }
    const main = await (await desktop.request.get(url('/units'))).text();
    expect(main).toMatch(/src="\/assets\/index-[\w-]+\.js"/);
    expect(main).not.toContain('/assets/gate-');
  });

  it('signs the guard in on a phone, picks the checkpoint once and syncs it', async () => {
    gate = await phone.newPage();
    gateErrors = trackPageErrors(gate);
    // Not signed in: the gate sends the guard to the main app's login page.
    await gate.goto(url('/gate'));
    await gate.waitForURL(/\/login/);
    await login(gate, GUARD, GUARD_TEMP_PASSWORD);
    await changePassword(gate, GUARD_TEMP_PASSWORD, GUARD_PASSWORD);
    // Signed in, a guard lands on the gate page (a full page load out of the main app).
    await gate.getByTestId('gate-setup').waitFor(LOAD);
    expect(new URL(gate.url()).pathname).toBe('/gate');
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

  it('reads the household pass from a photo of its QR code, the member passing is tapped: 36.5 ℃ → 放行, sent at once', async () => {
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
    // The household's members, masked as the device holds them, with their relation to the head.
    await gate.getByTestId('gate-member-sheet').waitFor(LOAD);
    const members = gate.getByTestId('gate-member');
    expect(await members.allInnerTexts()).toEqual(['王*英\n户主', '李*国\n配偶']);
    await members.filter({ hasText: '李*国' }).click();
    const v = await verdict(gate);
    expect(v.decision).toBe('allow');
    expect(v.text).toContain('放行');
    expect(v.text).toContain('李*国');
    expect(v.text).toContain('1号楼 2单元 1201');
    expect(v.text).toContain('36.5℃');
    await dismissVerdict(gate);
    await expect.poll(() => entriesIn(gate, 'sent').count(), LOAD).toBe(1);
    fs.rmSync(file, { force: true });
    // The server's row carries the pass and the member.
    const rows = await apiCall(page, 'GET', `/api/passages?checkpoint=${checkpointId}`);
    expect(rows.body.items).toEqual([
      expect.objectContaining({ subjectType: 'pass', passId, personId: memberIds[1], name: '李建国' }),
    ]);
  });

  it('logs fifty entries offline, survives a reload, and sends each exactly once when back online', async () => {
    // The page's own sending, as in a browser without Background Sync (Firefox, Safari): the
    // worker's sending in the background has a journey of its own (gate-background.journey.test.ts).
    const noBackgroundSync = () =>
      Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', {
        get: () => undefined,
        configurable: true,
      });
    await phone.addInitScript(noBackgroundSync);
    await gate.evaluate(noBackgroundSync);
    await phone.setOffline(true);
    await gate.getByTestId('gate-banner-offline').waitFor(LOAD);
    const temps = Array.from({ length: OFFLINE_ENTRIES }, (_, i) => `36.${i % 10}`);
    for (const temp of temps) {
      const logged = await logByKeyboard(gate, temp, passToken);
      expect(logged.decision, temp).toBe('allow');
      expect(logged.state, temp).toContain('已保存在本机');
    }
    await expect.poll(() => entriesIn(gate, 'waiting').count()).toBe(OFFLINE_ENTRIES);
    expect(await textOf(gate.getByTestId('gate-banner-offline'))).toContain(`${OFFLINE_ENTRIES} 条`);
    const offlineIds = (await storedEntries(gate)).filter((e) => e.state === 'waiting').map((e) => e.id);
    expect(offlineIds).toHaveLength(OFFLINE_ENTRIES);
    // The top of the page: fifty entries make the whole of it very long.
    await gate.evaluate(() => window.scrollTo(0, 0));
    await gate.screenshot({ path: path.join(SCREENSHOTS, 'gate-offline-375.png') });

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
    await expect.poll(() => entriesIn(gate, 'waiting').count(), LOAD).toBe(OFFLINE_ENTRIES);

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
    await expect.poll(() => entriesIn(gate, 'sent').count(), { timeout: 30_000 }).toBe(OFFLINE_ENTRIES + 1);
    expect(await entriesIn(gate, 'waiting').count()).toBe(0);
    const sends = await gate.evaluate(() => {
      const w = window as unknown as { cutAnswers: number; passagePosts: number };
      return { cut: w.cutAnswers, posts: w.passagePosts };
    });
    expect(sends.cut).toBe(1);
    expect(sends.posts).toBe(2);
    // The resend was answered "duplicate" for each of them: the server had them already.
    const answers = (await storedEntries(gate)).filter((e) => offlineIds.includes(e.id));
    expect(answers.filter((e) => e.server?.duplicate)).toHaveLength(OFFLINE_ENTRIES);

    // The server holds exactly one row per entry: the first one and the fifty logged offline.
    const stored = await apiCall(page, 'GET', `/api/passages?checkpoint=${checkpointId}&pageSize=200`);
    expect(stored.status).toBe(200);
    expect(stored.body.total).toBe(OFFLINE_ENTRIES + 1);
    const items = stored.body.items as { id: string; temperature: number }[];
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(OFFLINE_ENTRIES + 1);
    expect(ids.filter((id) => offlineIds.includes(id))).toHaveLength(OFFLINE_ENTRIES);
    const byTemp = (list: number[]) => [...list].sort((a, b) => a - b);
    expect(byTemp(items.map((i) => i.temperature))).toEqual(byTemp([36.5, ...temps.map(Number)]));
  });

  it('denies a 37.8 ℃ entry as a fever; the community alert page shows it within 2 s', async () => {
    await page.goto(url('/isolation/alerts'));
    await page.getByTestId('alerts-none').or(page.getByTestId('alerts-open')).first().waitFor(LOAD);
    await settle(page);
    expect(await page.getByTestId('alert-row').count()).toBe(0);
    // Above the default threshold of 37.3 ℃, below the 38 ℃ many would think of first.
    await typeTemperature(gate, '37.8');
    await typePass(gate, passToken);
    await gate.getByTestId('gate-member').filter({ hasText: '王*英' }).click();
    const v = await verdict(gate);
    expect(v.decision).toBe('deny');
    expect(v.text).toContain('禁止');
    expect(v.text).toContain('体温异常');
    expect(v.text).toContain('37.8℃');
    expect(v.text).toContain('37.3℃');
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 2_000 }).toBe(1);
    await gate.screenshot({ path: path.join(SCREENSHOTS, 'gate-verdict-fever-375.png') });
    await dismissVerdict(gate);
    await expect.poll(() => entriesIn(gate, 'sent').count(), LOAD).toBe(OFFLINE_ENTRIES + 2);
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
    // One screen of it (the list below holds fifty-odd entries by now).
    await gate.evaluate(() => window.scrollTo(0, 0));
    await animationsDone(gate);
    await gate.screenshot({ path: path.join(SCREENSHOTS, 'gate-375.png') });
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
    await page.getByTestId('gate-visitor-host').fill('1201');
    await page.getByTestId('gate-visitor-host-option').filter({ hasText: '1号楼 2单元 1201' }).click();
    await page.getByTestId('gate-visitor-submit').click();
    const v = await verdict(page);
    expect(v.decision).toBe('allow');
    expect(v.text).toContain('赵小六');
    await dismissVerdict(page);
    await expect.poll(() => entriesIn(page, 'sent').count(), LOAD).toBe(1);
    await settle(page);
    await screenshot(page, 'gate');
  });

  it('leads from the gate to the main app and back, and signs the guard out: full page loads', async () => {
    // The administrator's gate page: "home" is the main app's start page, whose menu leads back.
    await page.getByTestId('gate-menu').click();
    await page.getByTestId('gate-menu-home').click();
    await page.waitForURL(/\/units/);
    await page.getByRole('menuitem', { name: '门岗登记' }).click();
    await page.getByTestId('gate-screen').waitFor(LOAD);
    expect(new URL(page.url()).pathname).toBe('/gate');

    // The guard signs out on the gate: the login page says so, and the gate asks for it again.
    await gate.getByTestId('gate-menu').click();
    await gate.getByTestId('gate-menu-logout').click();
    await gate.waitForURL(/\/login/);
    await gate.locator('#username').waitFor(LOAD);
    expect(await textOf(gate.getByTestId('login-notice'))).toContain('已退出登录');
    await gate.goto(url('/gate'));
    await gate.waitForURL(/\/login/);
    // The next guard of the shift signs in and is back on the gate, its checkpoint remembered.
    await login(gate, GUARD, GUARD_PASSWORD);
    await gate.getByTestId('gate-screen').waitFor(LOAD);
    expect(new URL(gate.url()).pathname).toBe('/gate');
    expect(gateErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
