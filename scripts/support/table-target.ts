// Which table an operator's script (admin, import-users) acts on: a deployed stage's, one at a
// DynamoDB endpoint, or, with neither flag, the one of the local stack `npm start` runs.
import { chooseStack } from '../local/stacks.cjs';

/** A mistake in how the script was called: its message is the whole answer. */
export class UsageError extends Error {}

/** The flags that choose the table, as `parseArgs` options. */
export const TARGET_OPTIONS = {
  stage: { type: 'string' },
  endpoint: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
} as const;

export interface TargetFlags {
  stage?: string;
  endpoint?: string;
  table?: string;
  region?: string;
}

interface Where {
  table: string;
  region: string;
  /** Said on stderr before anything is done. */
  description: string;
}

export type TableTarget =
  | (Where & { kind: 'stage'; stage: string })
  | (Where & { kind: 'endpoint'; endpoint: string })
  /** The stack's own settings come with it: its DynamoDB Local, keys, mail and S3 emulators. */
  | (Where & { kind: 'local'; stackEnv: Record<string, string | undefined> });

export function chooseTarget(flags: TargetFlags): TableTarget {
  const region = flags.region ?? process.env.AWS_REGION ?? 'us-east-1';
  if (flags.stage) {
    const table = flags.table ?? `auth-api-${flags.stage}`;
    return { kind: 'stage', stage: flags.stage, table, region, description: `table ${table} of stage ${flags.stage} (${region})` };
  }
  if (flags.endpoint) {
    const table = flags.table ?? 'auth-api-local';
    return { kind: 'endpoint', endpoint: flags.endpoint, table, region, description: `table ${table} at ${flags.endpoint}` };
  }
  // The stack `npm start` runs (PORT's, or the only one) names its DynamoDB Local and table.
  const { stack, problem } = chooseStack();
  if (!stack) throw new UsageError(problem);
  const table = flags.table ?? stack.env!.TABLE_NAME!;
  return { kind: 'local', stackEnv: stack.env!, table, region, description: `the local stack on port ${stack.port} (table ${table})` };
}
