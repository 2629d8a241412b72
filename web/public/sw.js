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
 */

// v2: the gate became its own page (gate.html, other assets); the v1 caches are dropped on activation.
const VERSION = 'v2';
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
