import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Deps } from './deps';
import { registerAuth } from './http/auth';
import { AppError, errorHandler, sendProblem } from './http/errors';
import { loadShedding } from './http/shedding';
import { validatorCompiler } from './http/validation';
import { newId } from './lib/ids';
import { forgetReferenceData } from './lib/ref-cache';
import { XLSX_MAX_BYTES } from './lib/xlsx';
import { auditRoutes } from './modules/audit';
import { authRoutes } from './modules/auth';
import { checkpointsRoutes } from './modules/checkpoints';
import { eventsRoutes } from './modules/events';
import { healthRoutes } from './modules/health';
import { isolationRoutes } from './modules/isolation';
import { isolationViewsRoutes } from './modules/isolation/isolation.views.routes';
import { registryRoutes } from './modules/registry';
import { reportsRoutes } from './modules/reports';
import { unitsRoutes } from './modules/units';
import { usersRoutes } from './modules/users';

/** The built web app; SHOUWANG_WEB_DIR points elsewhere (parallel browser-test builds use it). */
export const WEB_DIR = process.env.SHOUWANG_WEB_DIR ?? path.resolve(import.meta.dirname, '../dist/web');

export type AppOptions = { logger?: boolean; webDir?: string | null };

/** Builds the HTTP app from its modules. Listening and shutdown belong to the caller. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const shedding = loadShedding(deps.config.maxInFlight);
  const app = Fastify({
    serverFactory: shedding.serverFactory,
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            serializers: {
              // Paths only: query strings can carry names and phone numbers being searched for.
              req: (req) => ({ method: req.method, url: String(req.url).split('?')[0], id: req.id }),
            },
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : newId();
    },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  // A write may change what the gate's verdicts read: forget the cached rows before answering, so the
  // next entry sees it (server/lib/ref-cache.ts). Gate entries themselves change none of them.
  app.addHook('onSend', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) {
      if (req.routeOptions.url !== '/api/passages') forgetReferenceData();
    }
  });

  // Helmet's middleware is built once: @fastify/helmet built it anew for every request (parsing the
  // policy each time, ~3% of a gate entry's server time).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time; scripts stay strictly external.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Plain http on a community LAN must keep working; HSTS only behind an https proxy.
    strictTransportSecurity: deps.config.trustProxy ? undefined : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
  );
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: XLSX_MAX_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Shouwang 守望 API', version: deps.version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sw_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Keep swagger-ui's script hashes but our framing rule, and plain http on a LAN.
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/upgrade-insecure-requests;?/, ''),
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerAuth(app, deps);
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  await app.register(healthRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(unitsRoutes(deps));
  await app.register(usersRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(registryRoutes(deps));
  await app.register(isolationRoutes(deps));
  await app.register(reportsRoutes(deps));
  await app.register(checkpointsRoutes(deps));
  await app.register(isolationViewsRoutes(deps));
  await app.register(eventsRoutes(deps, streams));

  const webDir = opts.webDir === undefined ? WEB_DIR : opts.webDir;
  const haveWeb = webDir !== null && fs.existsSync(path.join(webDir, 'index.html'));
  if (haveWeb && webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      index: false,
      // Vite names assets by content hash: they never change, so browsers may keep them.
      setHeaders: (reply: { header(k: string, v: string): unknown }, filePath: string) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
    // "/" is the static root, a directory, which @fastify/static answers with a 403; it is the main
    // app's start page (a full page load lands there, e.g. "home" from the gate page).
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }),
    );
  }
  app.setNotFoundHandler(async (req, reply) => {
    // A missing asset is a 404 (an old tab after an upgrade must not get HTML as a script).
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/') && haveWeb) {
      // The web app routes on the client: every page path answers with its shell.
      // The gate page is a page of its own (web/gate.html): /gate and below get it.
      const pathname = req.url.split('?')[0] ?? '';
      const gate =
        (pathname === '/gate' || pathname.startsWith('/gate/')) &&
        webDir !== null &&
        fs.existsSync(path.join(webDir, 'gate.html'));
      // cacheControl: false, or @fastify/static would replace no-cache with its own max-age header.
      return reply
        .header('cache-control', 'no-cache')
        .sendFile(gate ? 'gate.html' : 'index.html', { cacheControl: false });
    }
    return sendProblem(reply, req, new AppError(404, 'problem.notFound'));
  });
  return app;
}
