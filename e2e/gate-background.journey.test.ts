/**
 * The gate's outbox is sent after the page was closed (QUALITY.md: "A gate device that was offline
 * for hours syncs everything exactly once when the network returns, even if the page was closed").
 * A guard logs entries with no network; the page registers a Background Sync tag; the guard closes
 * the page (the browser stays, as a phone's does); the network returns, and the service worker
 * (web/public/sw.js) sends the entries from IndexedDB with no page open. Opened again, the page
 * shows them sent, and the server holds each exactly once. Then, with the page left open, both the
 * page and the worker try to send: each entry still goes up in one upload only.
 *
 * Chromium fires `sync` by itself when Playwright's offline emulation ends (tried here: it does,
 * headless too). Should a Chromium not do so, the test dispatches the event through the DevTools
 * protocol (ServiceWorker.dispatchSyncEvent, what DevTools' "Sync" button does) and says so on the
 * console: what is tested is the worker's sending, not the browser's timing.
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
  textOf,
  trackPageErrors,
} from './support';

const ADMIN_NEW_PASSWORD = 'Gate-BG-2026!';
const GUARD = 'gate-night';
const GUARD_TEMP_PASSWORD = 'Temp-Night-2026!';
const GUARD_PASSWORD = 'Night-Shift-2026!';
const LOAD = { timeout: 15_000 };
/** Entries logged with no network before the page is closed. */
const ENTRIES = 6;
/** The sync tag the page registers (OUTBOX_SYNC_TAG in web/features/gate/gate-queue.ts). */
const OUTBOX_TAG = 'gate-outbox';
/** How long the browser gets to fire `sync` by itself before the test fires it. */
const NATURAL_SYNC_MS = 20_000;
/** Entries logged offline with the page left open. */
const MORE = 4;

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let pageErrors: string[];
let checkpointId = '';
let passToken = '';
let memberIds: string[] = [];
/** The gate page opened again after the worker sent the outbox. */
let reopened: Page | null = null;

beforeAll(async () => {
  ({ server, browser, phone, page, pageErrors } = await openJourney());
});

afterAll(async () => {
  await closeJourney({ browser, server });
});

const url = (p: string) => `${server.baseUrl}${p}`;

async function created(p: Page, pathname: string, body: unknown) {
  const res = await apiCall(p, 'POST', pathname, body);
  expect(res.status, `${pathname}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

const entriesIn = (p: Page, state: string) => p.locator(`[data-testid="gate-entry"][data-state="${state}"]`);

/** The device's outbox as IndexedDB holds it. */
function storedEntries(p: Page) {
  return p.evaluate(
    () =>
      new Promise<
        {
          id: string;
          state: string;
          body: unknown;
          lease?: unknown;
          server: { duplicate: boolean } | null;
        }[]
      >((resolve, reject) => {
        const open = indexedDB.open('shouwang-gate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('entries').objectStore('entries').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * One entry at a desk: the temperature typed, the household pass's code typed into "证件号/姓名"
 * and Enter, the member picked by key (1–9, or 0 for "不指定"), Enter on the verdict.
 */
async function logOne(p: Page, temperatureKeys: string, memberKey: string) {
  await p.keyboard.type(temperatureKeys);
  await p.getByTestId('gate-action-lookup').click();
  const input = p.getByTestId('gate-lookup-input');
  await input.fill(passToken);
  await input.press('Enter');
  await p.getByTestId('gate-member-sheet').waitFor(LOAD);
  await p.keyboard.press(memberKey);
  await p.getByTestId('gate-verdict').waitFor(LOAD);
  await p.keyboard.press('Enter');
  await p.getByTestId('gate-verdict').waitFor({ state: 'detached' });
}

/** Rows the server holds for the checkpoint, as the administrator's list shows them. */
async function serverRows(): Promise<{ id: string; personId: string | null }[]> {
  const res = await apiCall(page, 'GET', `/api/passages?checkpoint=${checkpointId}&pageSize=100`);
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Fires the outbox's sync event the way DevTools does, from a blank page (not the gate). */
async function dispatchSync(context: BrowserContext) {
  const blank = await context.newPage();
  try {
    const cdp = await context.newCDPSession(blank);
    const registration = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const gate = registrations.find((r) => r.scopeURL === url('/gate') && !r.isDeleted);
        if (gate) resolve(gate.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registration;
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: server.baseUrl,
      registrationId,
      tag: OUTBOX_TAG,
      lastChance: false,
    });
  } finally {
    await blank.close();
  }
}

describe('gate outbox sent in the background', () => {
  it('sets up a closed compound with a household pass, a checkpoint and a guard', async () => {
    await page.goto(url('/login'));
    await login(page, 'admin', server.adminPassword);
    await changePassword(page, server.adminPassword, ADMIN_NEW_PASSWORD);
    await page.waitForURL(/\/units/);
    const me = await apiCall(page, 'GET', '/api/auth/me');
    const community = await created(page, '/api/units', {
      parentId: me.body.unitId,
      type: 'community',
      name: '夜班社区',
    });
    const compound = await created(page, '/api/units', {
      parentId: community.id,
      type: 'compound',
      name: '如意花园',
    });
    const building = await created(page, '/api/units', {
      parentId: compound.id,
      type: 'building',
      name: '3号楼',
    });
    const room = await created(page, '/api/units', { parentId: building.id, type: 'household', name: '502' });
    const household = await created(page, '/api/households', {
      roomId: room.id,
      persons: [
        { name: '赵桂兰', relation: 'head' },
        { name: '钱伟', relation: 'child' },
      ],
    });
    memberIds = household.persons.map((p: { id: string }) => p.id);
    const status = await apiCall(page, 'POST', `/api/units/${compound.id}/status`, {
      status: 'closed',
      reason: '疫情防控封闭管理',
    });
    expect(status.status).toBe(200);
    checkpointId = (await created(page, '/api/checkpoints', { unitId: compound.id, name: '北门' })).id;
    const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    passToken = (
      await created(page, '/api/passes', { kind: 'household', householdId: household.id, validTo })
    ).token;
    await created(page, '/api/users', {
      username: GUARD,
      displayName: '孙师傅',
      role: 'checkpoint_guard',
      unitId: compound.id,
      password: GUARD_TEMP_PASSWORD,
    });
  });

  it('sends what was logged offline once the network returns, with the page closed, each exactly once', async () => {
    let gate = await phone.newPage();
    const gateErrors = trackPageErrors(gate);
    await gate.goto(url('/gate'));
    await gate.waitForURL(/\/login/);
    await login(gate, GUARD, GUARD_TEMP_PASSWORD);
    await changePassword(gate, GUARD_TEMP_PASSWORD, GUARD_PASSWORD);
    await gate.getByTestId('gate-setup').waitFor(LOAD);
    await gate.getByTestId('gate-setup-start').click();
    await gate.getByTestId('gate-screen').waitFor(LOAD);
    await expect.poll(() => textOf(gate.getByTestId('gate-sync-text')), LOAD).toBe('刚刚同步');
    await expect
      .poll(() => gate.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);

    await phone.setOffline(true);
    await gate.getByTestId('gate-banner-offline').waitFor(LOAD);
    // Who of the household is passing: the son on the first entry, "不指定" on the others.
    for (let i = 0; i < ENTRIES; i++) await logOne(gate, `36${i}`, i === 0 ? '2' : '0');
    await expect.poll(() => entriesIn(gate, 'waiting').count()).toBe(ENTRIES);
    const logged = await storedEntries(gate);
    expect(logged.map((e) => e.state)).toEqual(Array(ENTRIES).fill('waiting'));
    // The failed sends asked the browser to wake the worker once the network is back.
    await expect
      .poll(
        () =>
          gate.evaluate(async () => {
            const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
              sync: { getTags: () => Promise<string[]> };
            };
            return reg.sync.getTags();
          }),
        LOAD,
      )
      .toContain(OUTBOX_TAG);
    expect(await serverRows()).toEqual([]);

    // The guard closes the page; the browser (and its worker) stays. Then the network returns.
    await gate.close();
    expect(phone.pages()).toEqual([]);
    await phone.setOffline(false);
    const arrived = async () => (await serverRows()).length;
    let natural = true;
    try {
      await expect.poll(arrived, { timeout: NATURAL_SYNC_MS, interval: 250 }).toBe(ENTRIES);
    } catch {
      natural = false;
      console.warn('The browser did not fire `sync` by itself: dispatched through DevTools instead.');
      await dispatchSync(phone);
      await expect.poll(arrived, { timeout: 30_000, interval: 250 }).toBe(ENTRIES);
    }
    expect(phone.pages()).toEqual([]);
    const rows = await serverRows();
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(logged.map((e) => e.id)));
    // The member picked on the first entry went along with the pass.
    expect(rows.filter((r) => r.personId !== null).map((r) => r.personId)).toEqual([memberIds[1]]);

    // Opened again, the page shows what the worker did: every entry sent, once, nothing held.
    gate = await phone.newPage();
    gateErrors.push(...trackPageErrors(gate));
    await gate.goto(url('/gate'));
    await gate.getByTestId('gate-screen').waitFor(LOAD);
    await expect.poll(() => entriesIn(gate, 'sent').count(), LOAD).toBe(ENTRIES);
    expect(await entriesIn(gate, 'waiting').count()).toBe(0);
    expect(await textOf(gate.getByTestId('gate-waiting-count'))).toBe('全部已发送');
    const after = await storedEntries(gate);
    expect(after.map((e) => [e.state, e.body, e.lease ?? null, e.server?.duplicate])).toEqual(
      Array(ENTRIES).fill(['sent', null, null, false]),
    );
    // Nothing more goes to the server once the page is back.
    await gate.waitForTimeout(1_000);
    expect((await serverRows()).length).toBe(ENTRIES);
    console.info(`background sync fired ${natural ? 'by itself' : 'through DevTools'}`);
    expect(gateErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    reopened = gate;
  });

  it('sends each entry in one upload when the page and the worker both try at once', async () => {
    const gate = reopened as Page;
    const gateErrors = trackPageErrors(gate);
    await phone.setOffline(true);
    await gate.getByTestId('gate-banner-offline').waitFor(LOAD);
    for (let i = 0; i < MORE; i++) await logOne(gate, `36${i}`, '0');
    await expect.poll(() => entriesIn(gate, 'waiting').count()).toBe(MORE);
    // Back online with the page open: the page sends at once, and the browser wakes the worker for
    // the tag the failed sends registered. Each claims its entries first, so none is uploaded twice:
    // a second upload of an entry would be answered "duplicate".
    await phone.setOffline(false);
    await expect.poll(() => entriesIn(gate, 'sent').count(), { timeout: 30_000 }).toBe(ENTRIES + MORE);
    const after = await storedEntries(gate);
    expect(after.filter((e) => e.server?.duplicate !== false)).toEqual([]);
    expect(after.filter((e) => e.lease)).toEqual([]);
    expect((await serverRows()).length).toBe(ENTRIES + MORE);
    expect(gateErrors).toEqual([]);
  });
});
