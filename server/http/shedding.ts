import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import { newId } from '../lib/ids';
import { problemBody } from './errors';

/** Long-lived streams and the health probe are not work to shed. */
const EXEMPT = ['/api/events', '/api/health'];

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Load shedding: when `maxInFlight` API requests are already being served, a new one is answered
 * 503 with Retry-After at once, before its session, body or database are touched. Past that point a
 * server only grows its queue: every answer gets later, memory grows, and clients time out and send
 * again, which adds more. Gate devices keep their entries and send them again after a pause
 * (web/features/gate/gate-queue.ts), so a shed batch is delayed, never lost; an answered one was
 * committed first.
 *
 * The check sits in front of Fastify (its `serverFactory`): a shed request costs Node's HTTP parse
 * and one write, not routing, hooks and the reply machinery. At 10× overload the 503s alone had
 * taken the whole thread (~0.15 ms each), leaving little for the requests being served.
 */
export function loadShedding(maxInFlight: number) {
  let inFlight = 0;

  const shed = (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : newId();
    const body = JSON.stringify(
      problemBody(503, 'problem.overloaded', req.headers['accept-language'], requestId),
    );
    res.writeHead(503, {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'retry-after': '1',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
    });
    res.end(body);
  };

  const wrap =
    (handler: Handler): Handler =>
    (req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/api/') && !EXEMPT.some((p) => url.startsWith(p))) {
        if (inFlight >= maxInFlight) return shed(req, res);
        inFlight++;
        // 'close' comes once the answer is written or the client went away, whichever happens.
        res.once('close', () => {
          inFlight--;
        });
      }
      handler(req, res);
    };

  /** Fastify's `serverFactory`: the HTTP server it would make, with the check in front. */
  const serverFactory = (handler: Handler, options: FastifyServerOptions) => {
    const server = http.createServer(wrap(handler));
    // What Fastify sets on a server it makes itself (fastify/lib/server.js).
    if (options.keepAliveTimeout) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  return { inFlight: () => inFlight, serverFactory };
}
