import type { FastifyInstance } from 'fastify';
import { AppError, sendProblem } from './errors';

/** Long-lived streams and the health probe are not work to shed. */
const EXEMPT = ['/api/events', '/api/health'];

/**
 * Load shedding: when `maxInFlight` API requests are already being served, a new one is answered
 * 503 with Retry-After at once, before its session, body or database are touched. Past that point a
 * server only grows its queue: every answer gets later, memory grows, and clients time out and send
 * again, which adds more. Gate devices keep their entries and send them again after a pause
 * (web/features/gate/gate-queue.ts), so a shed batch is delayed, never lost; an answered one was
 * committed first.
 */
export function loadShedding(app: FastifyInstance, maxInFlight: number) {
  let inFlight = 0;
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.url.startsWith('/api/') || EXEMPT.some((p) => req.url.startsWith(p))) return done();
    if (inFlight >= maxInFlight) {
      reply.header('retry-after', '1');
      void sendProblem(reply, req, new AppError(503, 'problem.overloaded'));
      return;
    }
    inFlight++;
    let counted = true;
    // 'close' comes once the answer is written or the client went away, whichever happens.
    reply.raw.once('close', () => {
      if (counted) inFlight--;
      counted = false;
    });
    done();
  });
  return { inFlight: () => inFlight };
}
