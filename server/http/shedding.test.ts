import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadShedding } from './shedding';

/** A server whose /api/slow answers only when the test lets it. */
async function slowServer(maxInFlight: number) {
  const shed = loadShedding(maxInFlight);
  const app = Fastify({ serverFactory: shed.serverFactory });
  const waiting: (() => void)[] = [];
  app.get('/api/slow', () => new Promise<{ ok: true }>((r) => waiting.push(() => r({ ok: true }))));
  app.get('/api/health', async () => ({ ok: true }));
  app.get('/page', async () => 'page');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const until = async (n: number) => {
    for (let i = 0; i < 200 && waiting.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    expect(waiting.length).toBe(n);
  };
  return { app, shed, waiting, base, until };
}

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('load shedding', () => {
  it('answers 503 with Retry-After beyond the limit, and serves again once answers went out', async () => {
    const s = await slowServer(2);
    close = () => s.app.close();
    const first = [fetch(`${s.base}/api/slow`), fetch(`${s.base}/api/slow`)];
    await s.until(2);
    expect(s.shed.inFlight()).toBe(2);

    const shed = await fetch(`${s.base}/api/slow`, { headers: { 'accept-language': 'en' } });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await shed.json()).toMatchObject({ status: 503, code: 'problem.overloaded' });
    // The health probe and pages are not shed.
    expect((await fetch(`${s.base}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.base}/page`)).status).toBe(200);

    for (const go of s.waiting.splice(0)) go();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    expect(s.shed.inFlight()).toBe(0);
    const again = fetch(`${s.base}/api/slow`);
    await s.until(1);
    for (const go of s.waiting.splice(0)) go();
    expect((await again).status).toBe(200);
  });

  it('counts a request the client gave up on as done', async () => {
    const s = await slowServer(1);
    close = () => s.app.close();
    const ctl = new AbortController();
    const gone = fetch(`${s.base}/api/slow`, { signal: ctl.signal }).catch(() => null);
    await s.until(1);
    ctl.abort();
    await gone;
    for (let i = 0; i < 200 && s.shed.inFlight() > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(s.shed.inFlight()).toBe(0);
    for (const go of s.waiting.splice(0)) go();
  });
});
