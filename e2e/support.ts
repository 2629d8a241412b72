/**
 * Shared helpers for browser journeys: build the web app when stale, start the real server on a fresh
 * data directory, drive Debian's Chromium, and take screenshots at desktop and phone widths.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

import { ensureWebBuilt, ROOT } from './web-build';

export { ensureWebBuilt, ROOT };
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A free port in E2E_PORT_FROM..E2E_PORT_TO (default 3100–3199), starting at a random offset. */
export async function freePort(): Promise<number> {
  const from = Number(process.env.E2E_PORT_FROM ?? 3100);
  const to = Number(process.env.E2E_PORT_TO ?? 3199);
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${from}–${to}`);
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The password printed once on first start for `admin`. */
  adminPassword: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `shouwang serve` on an empty data directory (embedded SQLite: the journey is about the
 * browser, and a fresh database is what prints the first-run administrator).
 */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['bin/shouwang.mjs', 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  let healthy = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) {
        healthy = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const password = /First-run administrator: username=admin password=(\S+)/.exec(out)?.[1];
  if (!healthy || !password) {
    await stop();
    throw new Error(`server did not come up (healthy=${healthy}, password=${!!password}):\n${out}`);
  }
  return { baseUrl, port, dataDir, adminPassword: password, output: () => out, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function newContext(
  browser: Browser,
  viewport: typeof DESKTOP | typeof PHONE,
): Promise<BrowserContext> {
  const phone = viewport.width < 768;
  return browser.newContext({
    viewport,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/** Collects uncaught page errors, so a journey can assert that none happened. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('[contract]')) errors.push(m.text());
  });
  return errors;
}

/** Waits until nothing is loading: no antd spinners and no pending skeletons. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Lets finite CSS animations (dialogs zooming in, tabs sliding) end, so screenshots show the end state. */
export async function animationsDone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY);
    await Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3_000)),
    ]);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await animationsDone(page);
  const width = page.viewportSize()?.width ?? DESKTOP.width;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
}

/**
 * Screenshots the desktop page as it is, then the same address on a phone with the same session
 * (cookies copied, so whatever the desktop session may see, the phone sees too).
 */
export async function screenshotBoth(desktop: Page, phone: BrowserContext, name: string): Promise<void> {
  await settle(desktop);
  await screenshot(desktop, name);
  await phone.clearCookies();
  await phone.addCookies(await desktop.context().cookies());
  const page = await phone.newPage();
  try {
    await page.goto(desktop.url());
    await settle(page);
    await screenshot(page, name);
  } finally {
    await page.close();
  }
}

/** The text as rendered, line breaks included (what a person reads, not hidden markup). */
export function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  return locator.innerText();
}

/** The primary button of the open dialog (antd puts a space between two Chinese characters). */
export async function confirmDialog(p: Page): Promise<void> {
  await p.locator('.ant-modal-footer:visible .ant-btn-primary').click();
}

export async function login(p: Page, username: string, password: string): Promise<void> {
  await p.locator('#username').fill(username);
  await p.locator('#password').fill(password);
  await p.getByTestId('login-submit').click();
}

/** The forced first change of a temporary password. */
export async function changePassword(p: Page, current: string, next: string): Promise<void> {
  await p.waitForURL(/\/change-password$/);
  await p.locator('#currentPassword').fill(current);
  await p.locator('#newPassword').fill(next);
  await p.locator('#confirm').fill(next);
  await p.getByTestId('change-submit').click();
}

/** Adds a child to the node open on the grid page, through its dialog. */
export async function addChild(p: Page, name: string, type?: string): Promise<void> {
  await p.getByTestId('unit-add').click();
  const dialog = p.locator('.ant-modal:visible');
  if (type) await dialog.locator('.ant-radio-button-wrapper', { hasText: type }).click();
  await dialog.locator('#name').fill(name);
  await confirmDialog(p);
  await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
}

export async function openChild(p: Page, name: string): Promise<void> {
  await p.getByTestId('unit-children').getByRole('link', { name, exact: true }).click();
  await expect.poll(() => textOf(p.getByTestId('unit-title')), { timeout: 15_000 }).toContain(name);
}

/** What every journey starts with: a fresh server, a browser, a desktop and a phone context. */
export type Journey = {
  server: RunningServer;
  browser: Browser;
  desktop: BrowserContext;
  phone: BrowserContext;
  /** A page in the desktop context, its uncaught errors collected in `pageErrors`. */
  page: Page;
  pageErrors: string[];
};

export async function openJourney(): Promise<Journey> {
  ensureWebBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  const desktop = await newContext(browser, DESKTOP);
  const phone = await newContext(browser, PHONE);
  const page = await desktop.newPage();
  return { server, browser, desktop, phone, page, pageErrors: trackPageErrors(page) };
}

export async function closeJourney(j: { browser?: Browser; server?: RunningServer }): Promise<void> {
  await j.browser?.close();
  await j.server?.stop();
}

/** A JSON call from inside a signed-in page with its CSRF token, for set-up a journey is not about. */
export async function apiCall(
  p: Page,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: journeys read whatever the API answered
): Promise<{ status: number; body: any }> {
  return p.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/auth/me')).json().catch(() => ({}));
      const res = await fetch(path, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(me?.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, path, body },
  );
}
