import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps';
import { actorCtx, SESSION_COOKIE } from '../../http/auth';
import { actorFromToken } from '../auth';

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for the account's subtree. The stream re-checks its session on every heartbeat,
 * so a logout, a disabled account or an expired session ends it.
 */
export function eventsRoutes(deps: Deps, streams: Set<() => void>) {
  return async (app: FastifyInstance) => {
    app.get('/api/events', { schema: { tags: ['events'] } }, async (req, reply) => {
      const { actor } = actorCtx(req);
      const token = req.cookies[SESSION_COOKIE] ?? '';
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 5000\n\n`);
      const unsubscribe = deps.events.subscribe(actor.unitPath, (e) => {
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
      });
      const end = () => {
        clearInterval(timer);
        unsubscribe();
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      const timer = setInterval(async () => {
        if (!(await actorFromToken(deps, token, false))) return end();
        res.write(': ping\n\n');
      }, HEARTBEAT_MS);
      streams.add(end);
      req.raw.on('close', end);
    });
  };
}
