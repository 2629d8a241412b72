/**
 * Makes the gate page an installable, offline-capable app: links the web manifest and registers the
 * service worker (web/public/sw.js) for the /gate scope only, so no other page of the app is
 * affected. Then it hands the worker the files this page loaded before the worker controlled it,
 * so a reload without network finds them all.
 *
 * Service workers need a secure context (https, or localhost): on a plain-http LAN address the page
 * still works and queues in IndexedDB, but a reload needs the network.
 */

const MANIFEST = '/manifest.webmanifest';
export const GATE_SCOPE = '/gate';

function linkManifest() {
  if (document.querySelector(`link[rel="manifest"]`)) return;
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = MANIFEST;
  document.head.appendChild(link);
}

/** Same-origin built files this document loaded: scripts, styles, fonts, images. */
function loadedFiles(): string[] {
  const here = window.location.origin;
  const urls = new Set<string>();
  for (const e of performance.getEntriesByType('resource')) {
    const u = new URL(e.name);
    if (u.origin === here && u.pathname.startsWith('/assets/')) urls.add(u.pathname);
  }
  for (const s of document.querySelectorAll<HTMLScriptElement>('script[src]')) {
    const u = new URL(s.src, here);
    if (u.origin === here) urls.add(u.pathname);
  }
  for (const l of document.querySelectorAll<HTMLLinkElement>('link[href]')) {
    const u = new URL(l.href, here);
    if (u.origin === here && (l.rel === 'stylesheet' || l.rel === 'modulepreload' || l.rel === 'icon'))
      urls.add(u.pathname);
  }
  return [...urls];
}

export type PwaState = 'unsupported' | 'insecure' | 'registering' | 'ready' | 'failed';

/** The Vite dev server serves sources, not the built files the worker caches. */
function devServer(): boolean {
  return document.querySelector('script[src^="/@vite/client"]') !== null;
}

let started: Promise<PwaState> | null = null;

export function setupGatePwa(): Promise<PwaState> {
  if (started) return started;
  started = (async (): Promise<PwaState> => {
    linkManifest();
    if (devServer()) return 'unsupported';
    if (!window.isSecureContext) return 'insecure';
    if (!('serviceWorker' in navigator)) return 'unsupported';
    try {
      await navigator.serviceWorker.register('/sw.js', { scope: GATE_SCOPE });
      const reg = await navigator.serviceWorker.ready;
      reg.active?.postMessage({ type: 'cache', urls: loadedFiles() });
      return 'ready';
    } catch {
      return 'failed';
    }
  })();
  return started;
}

/** Asks the worker to cache files loaded later (a lazily loaded chunk such as the QR decoder). */
export function cacheLoadedFiles() {
  if (devServer() || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then((reg) =>
    reg.active?.postMessage({ type: 'cache', urls: loadedFiles() }),
  );
}
