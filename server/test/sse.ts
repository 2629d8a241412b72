import http from 'node:http';

/** Test clients for GET /api/events (server-sent events), shared by the modules that stream. */
export type SseEvent = { event: string; data: Record<string, unknown> };

export type Stream = {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Resolves with the first event that matches, or null after `ms`. */
  waitFor(match: (e: SseEvent) => boolean, ms: number): Promise<SseEvent | null>;
  close(): void;
};

/** Opens GET /api/events the way a browser's EventSource does, and parses what arrives. */
export function openStream(port: number, cookie: string | undefined): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/api/events',
        headers: { accept: 'text/event-stream', ...(cookie ? { cookie: `sw_session=${cookie}` } : {}) },
      },
      (res) => {
        const events: SseEvent[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
            cut = buffer.indexOf('\n\n');
          }
          for (const w of [...waiters]) w();
        });
        res.on('error', () => {});
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          waitFor(match, ms) {
            return new Promise((done) => {
              const check = () => {
                const found = events.find(match);
                if (found) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  done(found);
                }
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                done(null);
              }, ms);
              waiters.add(check);
              check();
            });
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}
