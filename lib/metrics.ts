// Business metrics as CloudWatch EMF (Powertools Metrics): written with the invocation's log line,
// no API call, published by lib/http once per invocation.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { config } from './config';

export const Metric = {
  LoginSucceeded: 'LoginSucceeded',
  LoginFailed: 'LoginFailed',
  LoginThrottled: 'LoginThrottled',
  Refreshed: 'Refreshed',
  RefreshTokenReused: 'RefreshTokenReused',
  LoggedOut: 'LoggedOut',
  Registered: 'Registered',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

let instance: Metrics | undefined;

export function metrics(): Metrics {
  instance ??= new Metrics({ namespace: 'AuthApi', serviceName: 'auth-api', defaultDimensions: { stage: config().stage } });
  return instance;
}

export function count(metric: Metric): void {
  metrics().addMetric(metric, MetricUnit.Count, 1);
}

/**
 * Publishes what the invocation counted, after it answers (success or error). Unlike Powertools'
 * own middleware it stays quiet when nothing was counted (a /me call, a refused request).
 */
export function publishMetrics(): MiddlewareObj {
  const publish = () => {
    if (metrics().hasStoredMetrics()) metrics().publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
