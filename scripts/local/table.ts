// Creates the service table locally from resources/table.yml, the definition serverless.yml deploys.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { ServiceUnavailable } from '../../lib/errors';
import { openDatabase } from '../../lib/store/client';
import { ensureTable, type TableProperties } from '../../lib/store/create-table';

export const TABLE_DEFINITION = resolve(__dirname, '../../resources/table.yml');

export function tableProperties(): TableProperties {
  // The YAML's Serverless variables (the table name) are left unresolved; the caller names the table.
  const document = parse(readFileSync(TABLE_DEFINITION, 'utf8')) as {
    Resources: { AuthTable: { Properties: TableProperties } };
  };
  return document.Resources.AuthTable.Properties;
}

/**
 * A DynamoDB Local that has just started listening can take longer than the store's fail-fast
 * timeouts to answer its first requests (its JVM is still warming up, the more so on a busy
 * machine): unavailability is retried for up to `patienceMs`, unless `giveUp()` gives a reason.
 */
export async function createLocalTable(
  endpoint: string,
  tableName: string,
  options: { patienceMs?: number; giveUp?: () => string | undefined } = {},
): Promise<'created' | 'existed'> {
  const deadline = Date.now() + (options.patienceMs ?? 60_000);
  const db = openDatabase({ dynamodbEndpoint: endpoint, tableName, region: 'us-east-1', dynamodbTimeoutMs: 1_500 });
  for (;;) {
    try {
      return await ensureTable(db, tableProperties());
    } catch (error) {
      const reason = options.giveUp?.();
      if (reason) throw new Error(reason, { cause: error });
      if (!(error instanceof ServiceUnavailable) || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
