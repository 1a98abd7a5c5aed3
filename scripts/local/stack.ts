// The whole local stack: DynamoDB Local, the table, a signing key, the stack file, serverless offline.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_TABLE_NAME, resetConfig } from '../../lib/config';
import { checkJava } from './java';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb';
import { localSigningKeys } from './keys';
import { startOffline, type RunningOffline } from './offline';
import { freePort } from './ports';
import { createLocalTable } from './table';

export interface LocalStackOptions {
  port: number;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
  /** Persist DynamoDB Local's data here; in memory when absent. */
  dataDir?: string;
  keysFile: string;
  /** serverless-esbuild's output folder for this stack's bundles, relative to the service root. */
  buildDir: string;
  /** Where handlers run by serverless offline / invoke local find this stack (see lib/config). */
  stackFile: string;
  showOfflineOutput: boolean;
  log: (message: string) => void;
}

export interface LocalStack {
  baseUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
  /** The settings handlers of this stack run with. */
  env: Record<string, string>;
  pids: { dynamodb?: number; offline: number };
  stop: () => Promise<void>;
  /** Resolves if serverless offline exits on its own (a crash), so the caller can stop the rest. */
  offlineExited: Promise<void>;
  /** What serverless offline and the functions printed, when not shown. */
  output: () => string;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  let dynamodb: RunningDynamoDb | undefined;
  let offline: RunningOffline | undefined;
  let wroteStackFile = false;
  const stop = async () => {
    await offline?.stop();
    await dynamodb?.stop();
    // Only our own file: a stack that failed to start must not remove a running one's.
    if (wroteStackFile) rmSync(options.stackFile, { force: true });
  };

  try {
    if (!options.dynamodbEndpoint) {
      const java = checkJava();
      if (!java.ok) throw new Error(java.message);
      dynamodb = await startDynamoDbLocal({ dataDir: options.dataDir });
      options.log(`DynamoDB Local (pid ${dynamodb.pid}) on ${dynamodb.endpoint}${options.dataDir ? `, data in ${options.dataDir}` : ''}`);
    }
    const dynamodbEndpoint = options.dynamodbEndpoint ?? dynamodb!.endpoint;
    const baseUrl = `http://localhost:${options.port}`;
    const env: Record<string, string> = {
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      TABLE_NAME: process.env.TABLE_NAME || DEFAULT_TABLE_NAME,
      JWT_SIGNING_KEYS: await localSigningKeys(options.keysFile),
      JWT_ISSUER: process.env.JWT_ISSUER || baseUrl,
    };
    // This process creates the table through lib/store, which reads its settings from the
    // environment: reload them, in case this process used another stack before (the bench does).
    Object.assign(process.env, env, { LOCAL_STACK_FILE: options.stackFile });
    resetConfig();

    const outcome = await createLocalTable(env.TABLE_NAME!);
    options.log(`table ${env.TABLE_NAME} ${outcome}`);
    mkdirSync(dirname(options.stackFile), { recursive: true });
    writeFileSync(options.stackFile, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
    wroteStackFile = true;

    process.env.ESBUILD_WORK_FOLDER = options.buildDir;
    offline = await startOffline({
      httpPort: options.port,
      lambdaPort: await freePort(),
      stage: 'local',
      env: process.env,
      showOutput: options.showOfflineOutput,
    });
    return {
      baseUrl,
      dynamodbEndpoint,
      tableName: env.TABLE_NAME!,
      env,
      pids: { dynamodb: dynamodb?.pid, offline: offline.pid },
      stop,
      offlineExited: offline.exited,
      output: offline.output,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
