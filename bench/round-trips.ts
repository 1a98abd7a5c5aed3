// DynamoDB round trips, counted where every request leaves the process: Node's HTTP client
// (diagnostics channel), whichever SDK client sends it, the bundles' own included.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export function countRoundTrips(endpoint: string): { count: () => number; stop: () => void } {
  const { host } = new URL(endpoint);
  let sent = 0;
  const onRequest = (message: unknown) => {
    const { request } = message as { request: { getHeader: (name: string) => unknown } };
    if (request.getHeader('host') === host) sent += 1;
  };
  subscribe('http.client.request.start', onRequest);
  return { count: () => sent, stop: () => unsubscribe('http.client.request.start', onRequest) };
}
