// What every function has, built once per cold start: its settings, its log and its metrics.
import { loadConfig, type Config } from '../config';
import { createLog, type Log } from '../log';
import { createMetrics, type Metrics } from '../metrics';

export interface BaseContext {
  config: Config;
  log: Log;
  metrics: Metrics;
}

export function createBaseContext(config: Config, parts: Partial<Omit<BaseContext, 'config'>> = {}): BaseContext {
  return { config, log: parts.log ?? createLog(config), metrics: parts.metrics ?? createMetrics(config) };
}

let cold: BaseContext | undefined;

/** The process's base context, from its environment, built on first use (a function's cold start). */
export function baseContext(): BaseContext {
  cold ??= createBaseContext(loadConfig());
  return cold;
}
