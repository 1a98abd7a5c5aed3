// GET /health's answer: the service is up, in which stage and version. Reads nothing: a health
// check must not cost a DynamoDB request, nor fail when only the table does.
import { version } from '../package.json';
import type { BaseContext } from './context/base';

export interface Health {
  status: 'ok';
  stage: string;
  version: string;
}

export async function health(ctx: BaseContext): Promise<Health> {
  return { status: 'ok', stage: ctx.config.stage, version };
}
