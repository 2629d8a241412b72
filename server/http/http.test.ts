import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../bootstrap';
import {
  Agent,
  buildTwoCommunities,
  onEachDatabase,
  type Res,
  startTestApp,
  type TestApp,
} from '../test/harness';

function cspOf(res: Res): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  const directives = new Map<string, string>();
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values.join(' '));
  }
  return directives;
}

onEachDatabase('http', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('reports health with the database and version, without a session', async () => {
    const res = await new Agent(t.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: dialect, version: VERSION });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('describes the API as OpenAPI 3.1 with the unit and login paths', async () => {
    const res = await new Agent(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.version).toBe(VERSION);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/units',
        '/api/units/{id}',
        '/api/auth/login',
        '/api/users',
        '/api/audit',
      ]),
    );
    expect(res.body.paths['/api/auth/login'].post).toBeDefined();
    expect(res.body.paths['/api/units'].get).toBeDefined();
    expect(res.body.paths['/api/units'].post).toBeDefined();
  });

  it('sends security headers on every response: strict CSP, no framing, no sniffing', async () => {
    const { hq } = await buildTwoCommunities(t);
    const responses = [
      await new Agent(t.app).get('/api/health'),
      await new Agent(t.app).get('/api/units'), // 401
      await hq.get('/api/units'),
      await hq.get('/api/nothing-here'),
      await new Agent(t.app).get('/some/page'),
    ];
    for (const res of responses) {
      const csp = cspOf(res);
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(String(res.headers['content-security-policy'])).not.toMatch(
        /script-src[^;]*'unsafe-(inline|eval)'/,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers an unknown /api path with 404 problem+json in the asked language', async () => {
    const { hq } = await buildTwoCommunities(t);
    const zh = await hq.get('/api/no-such-endpoint');
    expect(zh.status).toBe(404);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.body).toMatchObject({ status: 404, code: 'problem.notFound', title: '找不到该记录' });
    const enAgent = new Agent(t.app, 'en');
    enAgent.cookie = hq.cookie;
    enAgent.csrf = hq.csrf;
    const en = await enAgent.req('DELETE', '/api/units');
    expect(en.status).toBe(404);
    expect(en.body).toMatchObject({ status: 404, title: 'Not found' });
    // Without a web build, page paths are not found either, and say so the same way.
    const page = await new Agent(t.app).get('/dashboard');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toContain('application/problem+json');
  });

  it('gives every response a request id, echoing a well-formed one and replacing anything else', async () => {
    const { hq } = await buildTwoCommunities(t);
    const responses = [
      await new Agent(t.app).get('/api/health'),
      await new Agent(t.app).get('/api/units'),
      await hq.get('/api/units'),
      await hq.post('/api/units', { bogus: true }),
      await hq.get('/api/missing'),
    ];
    const seen = new Set<string>();
    for (const res of responses) {
      const id = res.headers['x-request-id'];
      expect(typeof id).toBe('string');
      expect(id).toMatch(/^[\w-]{8,64}$/);
      seen.add(id as string);
      if (res.status >= 400) expect(res.body.requestId).toBe(id);
    }
    expect(seen.size).toBe(responses.length);
    const given = await new Agent(t.app).req('GET', '/api/health', undefined, {
      'x-request-id': 'gateway-1234abcd',
    });
    expect(given.headers['x-request-id']).toBe('gateway-1234abcd');
    const hostile = await new Agent(t.app).req('GET', '/api/units', undefined, {
      'x-request-id': 'a b\r\n<script>',
    });
    expect(hostile.headers['x-request-id']).not.toContain('script');
    expect(hostile.body.requestId).toBe(hostile.headers['x-request-id']);
  });

  it('refuses a non-JSON body on a JSON endpoint and a body over the size limit', async () => {
    const { a, hq } = await buildTwoCommunities(t);
    const before = await t.deps.db.selectFrom('units').select('id').execute();
    const form = await hq.req('POST', '/api/units', `parentId=${a.id}&type=compound&name=x`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.headers['content-type']).toContain('application/problem+json');
    const text = await hq.req('POST', '/api/units', 'name=x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.headers['content-type']).toContain('application/problem+json');
    const huge = await hq.post('/api/units', {
      parentId: a.id,
      type: 'compound',
      name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('problem.tooLarge');
    expect(await t.deps.db.selectFrom('units').select('id').execute()).toHaveLength(before.length);
  });
});

describe('serving the web app', () => {
  let t: TestApp;
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-web-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>守望</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'export {};');
    t = await startTestApp('sqlite', {}, { webDir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('answers page paths with the app shell, hashed assets as immutable, and a missing asset with 404', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/units/0190aaaa-0000-7000-8000-000000000000' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('守望');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const gone = await t.app.inject({ method: 'GET', url: '/assets/app-old.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    // Files built after the server started are served too (no restart after a rebuild).
    fs.writeFileSync(path.join(webDir, 'assets', 'app-new.js'), 'export {};');
    expect((await t.app.inject({ method: 'GET', url: '/assets/app-new.js' })).statusCode).toBe(200);
  });
});
