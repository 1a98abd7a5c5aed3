// DynamoDB requests and round trips, counted where every request leaves the process: Node's HTTP
// client (diagnostics channel), whichever SDK client sends it, the bundles' own included. A round
// trip is a wait on the database: it begins when a request leaves while none is in flight, so
// requests sent side by side are one round trip (docs/data-model.md counts them so).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface DatabaseTraffic {
  requests: () => number;
  roundTrips: () => number;
  stop: () => void;
}

export function countRoundTrips(endpoint: string): DatabaseTraffic {
  const { host } = new URL(endpoint);
  const ours = new WeakSet<object>();
  let requests = 0;
  let roundTrips = 0;
  let inFlight = 0;
  const onStart = (message: unknown) => {
    const { request } = message as { request: { getHeader: (name: string) => unknown } };
    if (request.getHeader('host') !== host) return;
    ours.add(request);
    requests += 1;
    if (inFlight === 0) roundTrips += 1;
    inFlight += 1;
  };
  const onEnd = (message: unknown) => {
    const { request } = message as { request: object };
    if (!ours.has(request)) return;
    ours.delete(request);
    inFlight -= 1;
  };
  subscribe('http.client.request.start', onStart);
  subscribe('http.client.response.finish', onEnd);
  subscribe('http.client.request.error', onEnd);
  return {
    requests: () => requests,
    roundTrips: () => roundTrips,
    stop: () => {
      unsubscribe('http.client.request.start', onStart);
      unsubscribe('http.client.response.finish', onEnd);
      unsubscribe('http.client.request.error', onEnd);
    },
  };
}
