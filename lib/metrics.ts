// Business metrics as CloudWatch EMF (Powertools Metrics): written with the invocation's log line,
// no API call, published by lib/http once per invocation. The only importer of Powertools' metrics.
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Config } from './config';

export const Metric = {
  LoginSucceeded: 'LoginSucceeded',
  LoginFailed: 'LoginFailed',
  LoginThrottled: 'LoginThrottled',
  Refreshed: 'Refreshed',
  RefreshTokenReused: 'RefreshTokenReused',
  LoggedOut: 'LoggedOut',
  Registered: 'Registered',
  PasswordResetRequested: 'PasswordResetRequested',
  PasswordReset: 'PasswordReset',
  PasswordChanged: 'PasswordChanged',
  AccountDeleted: 'AccountDeleted',
  MailSent: 'MailSent',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

export interface Metrics {
  count(metric: Metric): void;
  /** Writes what the invocation counted; quiet when nothing was counted (a /me call, a refused request). */
  publish(): void;
}

export function createMetrics({ stage }: Pick<Config, 'stage'>): Metrics {
  const metrics = new PowertoolsMetrics({ namespace: 'AuthApi', serviceName: 'auth-api', defaultDimensions: { stage } });
  return {
    count: (metric) => metrics.addMetric(metric, MetricUnit.Count, 1),
    publish: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
