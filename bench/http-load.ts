import { fork } from 'node:child_process';

export type LoadOptions = {
  url: string;
  /** POST unless given. */
  method?: string;
  headers?: Record<string, string>;
  /** JSON body; every `__ID__` becomes a new UUID in each request. */
  bodyTemplate?: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections (open-ended when absent). */
  overallRate?: number;
  timeoutSeconds?: number;
};

export type LoadResult = {
  requests: number;
  seconds: number;
  /** Answers 2xx: entries acknowledged. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number };
};

/** Drives HTTP load from a child process with autocannon and returns its figures. */
export function load(opts: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./http-load.worker.mjs', import.meta.url), { stdio: 'inherit' });
    let answer: LoadResult | null = null;
    child.once('message', (m) => {
      answer = m as LoadResult;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      answer ? resolve(answer) : reject(new Error(`load process exited with ${code} and no figures`)),
    );
    child.send({ headers: {}, ...opts });
  });
}
