// Every item of a table, page by page: what `npm run local -- table` shows of a local stack.
// Never used by a function (their role may not Scan); the items are the table's own, unchanged.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';

export async function* scanAll(db: Db): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(new ScanCommand({ TableName: db.table, ConsistentRead: true, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}
