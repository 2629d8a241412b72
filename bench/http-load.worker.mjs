// Runs autocannon in its own process (the other core), so the load generator does not take the event
// loop of the server it measures. Each request gets fresh UUIDs: every "__ID__" in the body template
// is replaced anew per request, by a UUIDv7 as the gate page makes them (web/features/gate/GateScreen.tsx):
// time-ordered ids land at the end of the primary key's index, where random ones would dirty a page
// of it per entry.
import autocannon from 'autocannon';
import { v7 } from 'uuid';

const workerData = await new Promise((resolve) => process.once('message', resolve));
const { url, method, headers, bodyTemplate, connections, seconds, overallRate, timeoutSeconds } = workerData;
const fresh = () => bodyTemplate.replace(/__ID__/g, () => v7());
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  timeout: timeoutSeconds ?? 10,
  ...(overallRate ? { overallRate } : {}),
  requests: [
    {
      method: method ?? 'POST',
      headers: bodyTemplate ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(bodyTemplate ? { setupRequest: (req) => ({ ...req, body: fresh() }) } : {}),
    },
  ],
});
process.send({
  requests: result.requests.total,
  seconds: result.duration,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: result.statusCodeStats,
  latency: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  },
});
