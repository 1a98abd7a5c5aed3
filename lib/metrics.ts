// Business metrics as CloudWatch embedded metric format (EMF): one JSON document per invocation
// that counted something, written to stdout with the logs; CloudWatch turns it into metrics, with
// no API call. Counted by the use cases, published by lib/http once per invocation.
// Written here rather than with Powertools' Metrics: the format is one object, and the library
// cost every cold start several milliseconds (lib/log.ts says the same of its Logger).
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
  EmailVerified: 'EmailVerified',
  EmailChangeRequested: 'EmailChangeRequested',
  LoginUnverified: 'LoginUnverified',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

export const METRICS_NAMESPACE = 'AuthApi';

export interface Metrics {
  count(metric: Metric): void;
  /** Writes what the invocation counted; quiet when nothing was counted (a /me call, a refused request). */
  publish(): void;
}

export type MetricsWriter = (document: string) => void;

const toStdout: MetricsWriter = (document) => {
  process.stdout.write(`${document}\n`);
};

/** With `metricsEnabled` off (local stacks, unless LOG_LEVEL=debug) counts are dropped, not written. */
export function createMetrics(
  { stage, metricsEnabled }: Pick<Config, 'stage' | 'metricsEnabled'>,
  write: MetricsWriter = toStdout,
): Metrics {
  let counted = new Map<Metric, number>();
  return {
    count: (metric) => {
      counted.set(metric, (counted.get(metric) ?? 0) + 1);
    },
    publish: () => {
      if (counted.size === 0) return;
      const values = Object.fromEntries(counted);
      counted = new Map();
      if (!metricsEnabled) return;
      const document = {
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [['service', 'stage']],
              Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
            },
          ],
        },
        service: 'auth-api',
        stage,
        ...values,
      };
      write(JSON.stringify(document));
    },
  };
}
