import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, Metric } from '../../../lib/metrics';

afterEach(() => vi.useRealTimers());

function capture(metricsEnabled = true) {
  const documents: Record<string, any>[] = [];
  const metrics = createMetrics({ stage: 'prod', metricsEnabled }, (document) =>
    documents.push(JSON.parse(document) as Record<string, any>),
  );
  return { metrics, documents };
}

describe('the metrics', () => {
  it('publish one EMF document per invocation: the counts, in the AuthApi namespace, by service and stage', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T05:00:00Z'));
    const { metrics, documents } = capture();
    metrics.count(Metric.LoginFailed);
    metrics.count(Metric.LoginFailed);
    metrics.count(Metric.LoginThrottled);
    metrics.publish();
    expect(documents).toEqual([
      {
        _aws: {
          Timestamp: Date.parse('2026-12-02T05:00:00Z'),
          CloudWatchMetrics: [
            {
              Namespace: 'AuthApi',
              Dimensions: [['service', 'stage']],
              Metrics: [
                { Name: 'LoginFailed', Unit: 'Count' },
                { Name: 'LoginThrottled', Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'auth-api',
        stage: 'prod',
        LoginFailed: 2,
        LoginThrottled: 1,
      },
    ]);
  });

  it('publish nothing for an invocation that counted nothing, and start each invocation from zero', () => {
    const { metrics, documents } = capture();
    metrics.publish();
    metrics.count(Metric.Refreshed);
    metrics.publish();
    metrics.publish();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ Refreshed: 1 });
  });

  it('are dropped, not written, when disabled (local stacks)', () => {
    const { metrics, documents } = capture(false);
    metrics.count(Metric.Registered);
    metrics.publish();
    metrics.count(Metric.Registered);
    expect(documents).toEqual([]);
  });
});
