// The mailer's trigger on a laptop: reads the table's stream in DynamoDB Local, keeps what the
// deployed trigger's filter keeps (inserted outbox items), and invokes the mailer through serverless
// offline's Lambda endpoint, retrying a failed batch as Lambda does before giving up on it.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { setTimeout as sleep } from 'node:timers/promises';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Records are read this often; shards (which DynamoDB Local opens now and then) are looked for less often. */
const POLL_MS = 200;
const DISCOVER_MS = 3_000;
/** As the deployed trigger's maximumRetryAttempts. */
const RETRIES = 5;
/**
 * No call may hang the loop: a stream read that DynamoDB Local never answers, or an invocation
 * serverless offline never finishes, would stop every mail after it, silently. A read fails after
 * 5 s and is tried again; an invocation after a minute (twice the functions' longest timeout).
 */
const READ_TIMEOUT_MS = 5_000;
const INVOKE_TIMEOUT_MS = 60_000;

export interface StreamPollerOptions {
  dynamodbEndpoint: string;
  tableName: string;
  /** serverless offline's Lambda port, and the mailer's function name there. */
  lambdaPort: number;
  functionName: string;
  log: (message: string) => void;
}

export interface RunningStreamPoller {
  stop: () => Promise<void>;
}

/** serverless.yml's filterPatterns, applied here as Lambda's event filtering applies them. */
export const passesMailerFilter = (record: StreamRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.type?.S === 'outbox';

async function invoke(options: StreamPollerOptions, records: StreamRecord[]): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${options.lambdaPort}/2015-03-31/functions/${options.functionName}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Records: records }),
    signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
  });
  const payload = (await response.json().catch(() => undefined)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
  if (!response.ok || response.headers.get('x-amz-function-error')) return records[0]?.dynamodb?.SequenceNumber ?? '';
  return payload?.batchItemFailures?.[0]?.itemIdentifier;
}

/** Delivers one batch; on failure, retries from the failed record on, then drops it with a log line (the local dead-letter queue). */
async function deliver(options: StreamPollerOptions, batch: StreamRecord[]): Promise<void> {
  let pending = batch;
  for (let attempt = 0; attempt <= RETRIES && pending.length > 0; attempt += 1) {
    if (attempt > 0) await sleep(200 * 2 ** (attempt - 1));
    const failed = await invoke(options, pending).catch((error: unknown) => {
      options.log(`mailer invocation failed: ${(error as Error).message}`);
      return pending[0]?.dynamodb?.SequenceNumber ?? '';
    });
    if (failed === undefined) return;
    const from = pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
    pending = pending.slice(Math.max(from, 0));
  }
  if (pending.length > 0)
    options.log(`mailer gave up on ${pending.length} outbox message(s) after ${RETRIES} retries (the dead-letter queue on AWS)`);
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<RunningStreamPoller> {
  const config = {
    endpoint: options.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: READ_TIMEOUT_MS, throwOnRequestTimeout: true },
  };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream: the mailer cannot be triggered`);

  const iterators = new Map<string, string | undefined>();
  const closed = new Set<string>();
  /** The last record read from each shard: where a lost iterator resumes (else where it began). */
  const lastRead = new Map<string, string>();
  const startedAt = new Map<string, 'LATEST' | 'TRIM_HORIZON'>();
  let first = true;
  const discoverShards = async () => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id) || closed.has(id)) continue;
      // Shards open at start are read from now on (mail of an earlier run is not sent again);
      // shards that appear later are read from their beginning.
      const type = first ? 'LATEST' : 'TRIM_HORIZON';
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: type }),
      );
      iterators.set(id, ShardIterator);
      startedAt.set(id, type);
    }
    first = false;
  };

  /**
   * The shard's next records. A read that fails (a timeout, an iterator DynamoDB Local no longer
   * knows) is logged and the shard's iterator fetched again after the last record read, so one bad
   * read never stops the shard, nor skips or repeats a record.
   */
  const readShard = async (id: string, iterator: string | undefined): Promise<StreamRecord[]> => {
    try {
      const current =
        iterator ??
        (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: id,
              ...(lastRead.has(id)
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: lastRead.get(id) }
                : { ShardIteratorType: startedAt.get(id) ?? 'TRIM_HORIZON' }),
            }),
          )
        ).ShardIterator;
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: current }));
      if (NextShardIterator) iterators.set(id, NextShardIterator);
      else {
        iterators.delete(id);
        closed.add(id);
      }
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) lastRead.set(id, last);
      return Records;
    } catch (error) {
      if (running) options.log(`stream poller: shard ${id}: ${(error as Error).name}: ${(error as Error).message}`);
      iterators.set(id, undefined);
      // DynamoDB Local trims a shard's oldest records while an iterator still points at them (every
      // mail after it then waited forever): what is left is all newer than anything read.
      if ((error as Error).name === 'TrimmedDataAccessException') {
        lastRead.delete(id);
        startedAt.set(id, 'TRIM_HORIZON');
      }
      return [];
    }
  };

  let running = true;
  let discoveredMs = Date.now();
  const poll = async () => {
    while (running) {
      try {
        if (Date.now() - discoveredMs >= DISCOVER_MS || iterators.size === 0) {
          await discoverShards();
          discoveredMs = Date.now();
        }
        for (const [id, iterator] of iterators) {
          const records = await readShard(id, iterator);
          const batch = records.filter(passesMailerFilter);
          for (let i = 0; i < batch.length; i += 10) await deliver(options, batch.slice(i, i + 10));
        }
      } catch (error) {
        if (running) options.log(`stream poller: ${(error as Error).message}`);
      }
      await sleep(POLL_MS);
    }
  };
  await discoverShards();
  const loop = poll();
  return {
    stop: async () => {
      running = false;
      await loop;
      dynamodb.destroy();
      streams.destroy();
    },
  };
}
