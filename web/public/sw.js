/*
 * The gate page's service worker (scope /gate, registered by web/features/gate/gate-pwa.ts).
 * The page is web/gate.html, the server's answer to /gate: its own entry script, styles and
 * preloads, none of the main app's.
 *
 * - /gate navigations: network first, the last good copy of the page when the network is gone.
 * - /assets/*: cache first (Vite names them by content hash, so a cached file never goes stale).
 * - GET /api/auth/me: network first with the last answer as fallback, so the signed-in gate page
 *   opens offline; forgotten on a 401 and on sign-out.
 * Everything else (the API, entries) goes to the network untouched: the page's own outbox in
 * IndexedDB makes entries durable, not this worker.
 * - `sync` (Background Sync, where the browser has it): the page registers OUTBOX_TAG when a send
 *   fails or it is hidden with entries waiting; this worker then sends the outbox from IndexedDB
 *   as the page would (see "The outbox" below), even after the page was closed.
 */

// v2: the gate became its own page (gate.html, other assets); the v1 caches are dropped on activation.
// v3: sends the outbox in the background (the `sync` event).
const VERSION = 'v3';
const PAGES = `shouwang-gate-pages-${VERSION}`;
const ASSETS = `shouwang-gate-assets-${VERSION}`;
const SESSION = `shouwang-gate-session-${VERSION}`;
const OURS = [PAGES, ASSETS, SESSION];
const PAGE_KEY = '/gate';
const ME = '/api/auth/me';
const STATIC = [
  '/manifest.webmanifest',
  '/favicon.svg',
  '/gate-icon.svg',
  '/gate-icon-192.png',
  '/gate-icon-512.png',
  '/gate-icon-maskable-512.png',
];
/** A navigation waits this long for the network before the cached page is shown. */
const NAVIGATION_TIMEOUT_MS = 4000;

/** Same-origin built files a page references: its entry script, styles and preloads. */
function referencedAssets(html) {
  const out = new Set();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) out.add(m[1]);
  return [...out];
}

async function cacheThePage() {
  const res = await fetch(PAGE_KEY, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) return;
  const html = await res.clone().text();
  const pages = await caches.open(PAGES);
  await pages.put(PAGE_KEY, res);
  const assets = await caches.open(ASSETS);
  await assets.addAll(referencedAssets(html));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const statics = await caches.open(PAGES);
      await Promise.all(STATIC.map((u) => statics.add(u).catch(() => undefined)));
      await cacheThePage().catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('shouwang-gate-') && !OURS.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The signed-in account as the server says now (null: nobody), kept for opening offline. */
async function liveMe() {
  const res = await fetch(ME, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  const session = await caches.open(SESSION);
  if (res.status === 401) {
    await session.delete(ME);
    return null;
  }
  if (!res.ok) throw new Error(`${ME}: HTTP ${res.status}`);
  await session.put(ME, res.clone());
  return res.json();
}

async function rememberMe() {
  try {
    const res = await fetch(ME, { credentials: 'same-origin' });
    const session = await caches.open(SESSION);
    if (res.ok) await session.put(ME, res);
    else if (res.status === 401) await session.delete(ME);
  } catch {
    // offline: keep what we have
  }
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil(
    (async () => {
      const assets = await caches.open(ASSETS);
      for (const u of urls) {
        if (!(await assets.match(u))) await assets.add(u).catch(() => undefined);
      }
      await rememberMe();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function navigation(request) {
  const pages = await caches.open(PAGES);
  try {
    const res = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) {
      const html = await res.clone().text();
      const cached = await pages.match(PAGE_KEY);
      if (cached && (await cached.text()) !== html) {
        // A new release: its assets have new names; drop the old ones before the page asks.
        await caches.delete(ASSETS);
      }
      await pages.put(PAGE_KEY, res.clone());
    }
    return res;
  } catch (error) {
    const cached = await pages.match(PAGE_KEY);
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const assets = await caches.open(ASSETS);
  const hit = await assets.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await assets.put(request, res.clone());
  return res;
}

async function me(request) {
  const session = await caches.open(SESSION);
  try {
    const res = await fetch(request);
    if (res.ok) await session.put(ME, res.clone());
    else if (res.status === 401) await session.delete(ME);
    return res;
  } catch (error) {
    const cached = await session.match(ME);
    if (cached) return cached;
    throw error;
  }
}

async function staticFile(request) {
  const pages = await caches.open(PAGES);
  try {
    const res = await fetch(request);
    if (res.ok) await pages.put(request, res.clone());
    return res;
  } catch (error) {
    const cached = await pages.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/api/auth/logout') {
    // Signed out: the page must not open as signed in when offline.
    event.waitUntil(caches.open(SESSION).then((c) => c.delete(ME)));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    if (url.pathname === PAGE_KEY || url.pathname.startsWith(`${PAGE_KEY}/`)) {
      event.respondWith(navigation(request));
    }
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  if (url.pathname === ME) {
    event.respondWith(me(request));
    return;
  }
  if (STATIC.includes(url.pathname)) event.respondWith(staticFile(request));
});

// ------------------------------------------------------------------ the outbox, sent in the background
//
// MIRRORED from web/features/gate/gate-db.ts (database name, version, stores, index, lease) and
// web/features/gate/gate-queue.ts (sync tag, lock, channel, batch sizes, how answers are recorded):
// change both sides together. This file is served as it is (not bundled), so it cannot import them.
//
// The CSRF token: this worker asks /api/auth/me itself when it wakes (its own fetches bypass its
// fetch handler, so the answer is live). Nothing extra is kept at rest for it: a token written to
// IndexedDB by the page would outlive its session (a new sign-in makes a new token) and sit there for
// any script of the origin; the live answer also says which account is signed in now, and only that
// account's entries are sent (the page's rule), while a 401 means nobody is: the entries wait for the
// next sign-in on the page.

const GATE_DB_NAME = 'shouwang-gate';
const GATE_DB_VERSION = 1;
const ENTRIES = 'entries';
const BY_STATE = 'byState';
const SETTINGS = 'settings';
const SENDER_KEY = 'sender';
const LEASE_MS = 45_000;
const OUTBOX_TAG = 'gate-outbox';
const SEND_LOCK = 'shouwang-gate-send';
const CHANNEL = 'shouwang-gate';
const BATCH = 100;
const MIN_BATCH = 5;
const REQUEST_TIMEOUT_MS = 30_000;
/** Browsers end a sync event after a few minutes: stop in time and let it be retried instead. */
const SYNC_BUDGET_MS = 150_000;

class RetryLater extends Error {}

/** The gate's database as the page made it, or null (never made here: that is the page's job). */
function openOutbox() {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = indexedDB.open(GATE_DB_NAME, GATE_DB_VERSION);
    } catch (error) {
      reject(error);
      return;
    }
    let fresh = false;
    req.onupgradeneeded = (event) => {
      // No database yet (the page never logged anything here): do not create an empty one.
      fresh = true;
      event.target.transaction.abort();
    };
    req.onsuccess = () => {
      const db = req.result;
      // The page opens a newer version: step aside.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => (fresh ? resolve(null) : reject(req.error));
    req.onblocked = () => reject(new RetryLater('blocked'));
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('aborted'));
  });
}

async function readSetting(db, key) {
  const tx = db.transaction(SETTINGS);
  const req = tx.objectStore(SETTINGS).get(key);
  await done(tx);
  return req.result;
}

/** As claimWaiting in gate-db.ts: the oldest waiting entries of the account nobody else holds, leased. */
async function claimWaiting(db, userId, limit, holder) {
  const now = Date.now();
  const tx = db.transaction(ENTRIES, 'readwrite');
  const range = IDBKeyRange.bound([userId, 'waiting', 0], [userId, 'waiting', Number.MAX_SAFE_INTEGER]);
  const cursorReq = tx.objectStore(ENTRIES).index(BY_STATE).openCursor(range);
  const entries = [];
  let heldUntil = null;
  cursorReq.onsuccess = () => {
    const cursor = cursorReq.result;
    if (!cursor || entries.length >= limit) return;
    const e = cursor.value;
    if (e.lease && e.lease.until > now && e.lease.holder !== holder) {
      heldUntil = heldUntil === null ? e.lease.until : Math.min(heldUntil, e.lease.until);
    } else {
      const next = { ...e, attempts: e.attempts + 1, lease: { holder, until: now + LEASE_MS } };
      cursor.update(next);
      entries.push(next);
    }
    cursor.continue();
  };
  await done(tx);
  return { entries, heldUntil };
}

/** Updates entries in one transaction by their latest stored copy; `change` returns null to skip. */
async function updateEntries(db, ids, change) {
  const tx = db.transaction(ENTRIES, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(ENTRIES);
  for (const id of ids) {
    const req = store.get(id);
    req.onsuccess = () => {
      const next = req.result ? change(req.result) : null;
      if (next) store.put(next);
    };
  }
  await done(tx);
}

function releaseEntries(db, ids, holder) {
  return updateEntries(db, ids, (e) => (e.lease && e.lease.holder === holder ? { ...e, lease: null } : null));
}

/** maskName in domain/passes.ts: `王*英`. */
function maskName(name) {
  const chars = [...String(name).trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** maskedSummary in gate-verdict.ts: a visitor's or courier's name is masked once sent. */
function maskedSummary(s) {
  return s.subject === 'visitor' || s.subject === 'courier' ? { ...s, label: maskName(s.label) } : s;
}

function tellPages() {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('changed');
    channel.close();
  } catch {
    // no channel here: the page reads IndexedDB when it opens or becomes visible
  }
}

async function problemOf(res) {
  try {
    const p = await res.json();
    return {
      title: p.detail || p.title || `HTTP ${res.status}`,
      errors: Array.isArray(p.errors) ? p.errors.map((x) => ({ field: x.field, message: x.message })) : [],
    };
  } catch {
    return { title: `HTTP ${res.status}`, errors: [] };
  }
}

/**
 * Sends one claimed batch and records the answers as gate-queue.ts `send` does. Returns 'ok' (go on),
 * 'smaller' (413: halve the batch) or 'stop' (nothing more this worker can do: no session, no right);
 * throws RetryLater when the network or the server failed (the browser fires `sync` again later).
 */
async function sendBatch(db, batch, me, language) {
  const broken = batch.filter((e) => !e.body);
  if (broken.length > 0) {
    await updateEntries(
      db,
      broken.map((e) => e.id),
      (e) =>
        e.state === 'waiting'
          ? { ...e, state: 'rejected', lease: null, problem: { status: 0, title: 'no body', errors: [] } }
          : null,
    );
    return 'ok';
  }
  const bodies = batch.map((e) => e.body);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let res;
  try {
    res = await fetch('/api/passages', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': language,
        'Content-Type': 'application/json',
        'x-csrf-token': me.csrfToken,
      },
      body: JSON.stringify({ entries: bodies }),
      signal: abort.signal,
    });
  } catch {
    throw new RetryLater('network');
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 413) return 'smaller';
  if (res.status === 401 || res.status === 403) return 'stop';
  if (res.status === 400 || res.status === 422) {
    const { title, errors } = await problemOf(res);
    const problem = { status: res.status, title, errors };
    await updateEntries(
      db,
      bodies.map((b) => b.id),
      (e) => (e.state === 'waiting' ? { ...e, state: 'rejected', lease: null, problem } : null),
    );
    return 'ok';
  }
  if (!res.ok) throw new RetryLater(`HTTP ${res.status}`);
  let answer;
  try {
    answer = await res.json();
  } catch {
    throw new RetryLater('answer cut short');
  }
  const byId = new Map();
  for (const a of answer.entries ?? []) {
    const body = bodies[a.index];
    if (body) byId.set(body.id, a);
  }
  const now = Date.now();
  await updateEntries(
    db,
    bodies.map((b) => b.id),
    (e) => {
      const a = byId.get(e.id);
      // Settled already by another sender (same id, so the same answer): leave it as it is.
      if (!a || e.state !== 'waiting') return null;
      if ((a.outcome === 'stored' || a.outcome === 'duplicate') && a.result) {
        return {
          ...e,
          state: 'sent',
          lease: null,
          sentAt: now,
          body: null,
          summary: maskedSummary(e.summary),
          problem: null,
          server: {
            duplicate: a.outcome === 'duplicate',
            decision: a.result.serverVerdict.decision,
            reasons: a.result.serverVerdict.reasons,
            mismatch: a.result.mismatch,
            fever: a.result.fever,
            alertId: a.result.alertId,
          },
        };
      }
      return {
        ...e,
        state: 'rejected',
        lease: null,
        problem: {
          status: a.status,
          title: a.problem?.title ?? String(a.status),
          errors: (a.problem?.errors ?? []).map((x) => ({ field: x.field, message: x.message })),
        },
      };
    },
  );
  if (byId.size < bodies.length) throw new RetryLater('answer without every entry');
  return 'ok';
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function drainOutbox(db, me, language) {
  const holder = `sw:${crypto.randomUUID()}`;
  const deadline = Date.now() + SYNC_BUDGET_MS;
  let limit = BATCH;
  while (Date.now() < deadline) {
    const { entries, heldUntil } = await claimWaiting(db, me.id, limit, holder);
    if (entries.length === 0) {
      if (heldUntil === null) return;
      // Another sender holds them (a page that was closed mid-upload): wait for its lease to lapse.
      await sleep(Math.min(Math.max(0, heldUntil - Date.now()) + 500, Math.max(0, deadline - Date.now())));
      continue;
    }
    let outcome;
    try {
      outcome = await sendBatch(db, entries, me, language);
    } finally {
      await releaseEntries(
        db,
        entries.map((e) => e.id),
        holder,
      ).catch(() => undefined);
      tellPages();
    }
    if (outcome === 'stop') return;
    if (outcome === 'smaller') {
      if (limit === MIN_BATCH) throw new RetryLater('too large');
      limit = Math.max(MIN_BATCH, Math.floor(limit / 2));
    }
  }
  throw new RetryLater('out of time');
}

async function sendOutbox() {
  const db = await openOutbox();
  if (!db) return;
  try {
    let me;
    try {
      me = await liveMe();
    } catch {
      throw new RetryLater('no network');
    }
    // Nobody is signed in: the entries wait for the page and the next sign-in.
    if (!me?.id || !me.csrfToken) return;
    const sender = await readSetting(db, SENDER_KEY);
    const language = sender?.language === 'en' ? 'en' : 'zh-CN';
    const run = () => drainOutbox(db, me, language);
    // One sender at a time with the page's tabs where the browser can arrange it; the leases keep
    // the outbox right where it cannot, and when a page died mid-upload.
    if (self.navigator.locks) await self.navigator.locks.request(SEND_LOCK, run);
    else await run();
  } finally {
    db.close();
  }
}

self.addEventListener('sync', (event) => {
  // A rejected promise makes the browser fire the event again later (with backoff, a few times).
  if (event.tag === OUTBOX_TAG) event.waitUntil(sendOutbox());
});
