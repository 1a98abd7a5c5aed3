// Types of stacks.cjs.

export interface StackRecord {
  pid: number;
  port: number;
  /** `starting` from the moment the port is claimed; `ready` once the API answers. */
  state: 'starting' | 'ready';
  startedAt: string;
  baseUrl?: string;
  dataDir?: string;
  keysFile?: string;
  /** Where the stack's functions find DynamoDB, the table, the key and the issuer. */
  env?: Record<string, string>;
}

type Env = Record<string, string | undefined>;

export function localDir(env?: Env): string;
export function stackDir(port: number | string, env?: Env): string;
export function stackFile(port: number | string, env?: Env): string;
export function isAlive(pid: number): boolean;
export function readStack(file: string): StackRecord | undefined;
export function runningStacks(env?: Env): StackRecord[];
export function chooseStack(env?: Env): { stack: StackRecord; problem?: undefined } | { stack?: undefined; problem: string };
