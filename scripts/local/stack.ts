// The whole local stack: its claim on the port, DynamoDB Local, the table, a signing key, the SES
// emulator and its inbox, the local S3 (s3rver) with its upload notifications, its stack file,
// serverless offline and the table stream's mailer trigger. Each stack has its own port, files and
// processes; it refuses to start on a port another stack or program holds, and removes only what
// it created.
import { join, relative, resolve } from 'node:path';
import { DEFAULT_PROFILE_IMAGE_BUCKET, DEFAULT_TABLE_NAME } from '../../lib/config';
import { checkJava } from './java';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb';
import { startMailbox, type RunningMailbox } from './mail';
import { startStreamPoller, type RunningStreamPoller } from './stream';
import { localSigningKeys } from './keys';
import { startOffline, type RunningOffline } from './offline';
import { S3_DATA_DIR, startLocalS3, type RunningS3 } from './s3';
import { freePort, portAvailable } from './ports';
import { claimStackFile, releaseStackFile, updateStackFile } from './stack-file';
import type { StackRecord } from './stacks.cjs';
import { createLocalTable } from './table';

const ROOT = resolve(__dirname, '../..');
const shown = (path: string) => (path.startsWith(ROOT) ? relative(ROOT, path) : path);

export interface LocalStackOptions {
  port: number;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
  /** Persist DynamoDB Local's data here; in memory when absent. */
  dataDir?: string;
  keysFile: string;
  /** serverless-esbuild's output folder for this stack's bundles, relative to the service root. */
  buildDir: string;
  /** This stack's record while it runs: how `serverless invoke local` and the scripts find it. */
  stackFile: string;
  showOfflineOutput: boolean;
  log: (message: string) => void;
  /** Aborted (Ctrl-C while starting): what has started stops, and startLocalStack rejects. */
  signal?: AbortSignal;
  /**
   * The environment the stack's functions run with (their settings: ROTATE_REFRESH_TOKENS,
   * BCRYPT_COST, …, and PATH for their runtime); `npm start` passes its own.
   */
  environment: Record<string, string | undefined>;
  /**
   * The functions' timeout (serverless.yml's `timeout` param, 10 s as on AWS unless given). The
   * test suite gives more: serverless offline starts a cold worker per concurrent request, and a
   * burst of them on a busy 2-core machine can take longer than Lambda's cold starts ever do.
   */
  functionTimeoutSeconds?: number;
}

export interface LocalStack {
  baseUrl: string;
  dynamodbEndpoint: string;
  /** The local S3 server (s3rver) holding the profile-image bucket. */
  s3Endpoint: string;
  tableName: string;
  /** The local SES's web inbox (and its API: GET /store). */
  inboxUrl: string;
  /** The settings handlers of this stack run with. */
  env: Record<string, string>;
  pids: { dynamodb?: number; offline: number };
  stop: () => Promise<void>;
  /** Resolves if serverless offline exits on its own (a crash), so the caller can stop the rest. */
  offlineExited: Promise<void>;
  /** What serverless offline and the functions printed, when not shown. */
  output: () => string;
}

export class PortTaken extends Error {}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const baseUrl = `http://localhost:${options.port}`;
  // Before anything starts: another stack on this port, or any other program on it, is a refusal.
  const claimed = await claimStackFile(options.stackFile, { port: options.port, baseUrl });
  let dynamodb: RunningDynamoDb | undefined;
  let offline: RunningOffline | undefined;
  let mailbox: RunningMailbox | undefined;
  let poller: RunningStreamPoller | undefined;
  let s3: RunningS3 | undefined;
  const stop = async () => {
    await poller?.stop();
    await offline?.stop();
    await mailbox?.stop();
    await s3?.stop();
    await dynamodb?.stop();
    releaseStackFile(options.stackFile);
  };
  // Stopping what runs makes a pending step fail; each step also looks before it starts more.
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  const INTERRUPTED = 'interrupted while starting';
  const notAborted = () => {
    if (options.signal?.aborted) throw new Error(INTERRUPTED);
  };

  try {
    if (!(await portAvailable(options.port))) {
      throw new PortTaken(
        `port ${options.port} is already in use by another program: start on a free port, e.g. PORT=${options.port + 1} npm start`,
      );
    }
    if (!options.dynamodbEndpoint) {
      const java = checkJava();
      if (!java.ok) throw new Error(java.message);
      dynamodb = await startDynamoDbLocal({ dataDir: options.dataDir });
      notAborted();
      options.log(`DynamoDB Local (pid ${dynamodb.pid}) on ${dynamodb.endpoint}`);
    }
    const dynamodbEndpoint = options.dynamodbEndpoint ?? dynamodb!.endpoint;
    const keys = await localSigningKeys(options.keysFile);
    options.log(`${keys.generated ? 'signing key generated in' : 'signing key from'} ${shown(options.keysFile)}`);
    mailbox = await startMailbox();
    options.log(`SES emulator with its inbox on ${mailbox.endpoint}`);
    const bucket = options.environment.PROFILE_IMAGE_BUCKET || DEFAULT_PROFILE_IMAGE_BUCKET;
    s3 = await startLocalS3({ bucket, dataDir: options.dataDir ? join(options.dataDir, S3_DATA_DIR) : undefined });
    notAborted();
    options.log(`S3 (s3rver, in this process) on ${s3.endpoint}, bucket ${bucket}`);
    const env: Record<string, string> = {
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SES_ENDPOINT: mailbox.endpoint,
      TABLE_NAME: options.environment.TABLE_NAME || DEFAULT_TABLE_NAME,
      JWT_SIGNING_KEYS: keys.jwks,
      JWT_ISSUER: options.environment.JWT_ISSUER || baseUrl,
      S3_ENDPOINT: s3.endpoint,
      PROFILE_IMAGE_BUCKET: bucket,
    };
    const outcome = await createLocalTable(dynamodbEndpoint, env.TABLE_NAME!, {
      giveUp: () => (options.signal?.aborted ? INTERRUPTED : dynamodb?.exited()),
    });
    notAborted();
    const where = options.dynamodbEndpoint ? `at ${dynamodbEndpoint}` : options.dataDir ? `data in ${shown(options.dataDir)}` : 'in memory';
    options.log(`table ${env.TABLE_NAME} ${outcome}, ${where}`);

    const lambdaPort = await freePort();
    // Objects landing under uploads/ reach the function as S3's notification would on AWS.
    s3.notify({ lambdaPort, functionName: 'auth-api-local-profileImageLanded', log: options.log });
    offline = await startOffline({
      httpPort: options.port,
      lambdaPort,
      stage: 'local',
      env: {
        ...options.environment,
        ...env,
        ESBUILD_WORK_FOLDER: options.buildDir,
        // Metrics are EMF lines on stdout, one per request: noise locally, unless debugging.
        ...(options.environment.LOG_LEVEL === 'debug' ? {} : { METRICS_ENABLED: 'false' }),
      },
      showOutput: options.showOfflineOutput,
      extraArgs: options.functionTimeoutSeconds ? ['--param', `timeout=${options.functionTimeoutSeconds}`] : [],
    });
    notAborted();
    poller = await startStreamPoller({
      dynamodbEndpoint,
      tableName: env.TABLE_NAME!,
      lambdaPort,
      functionName: 'auth-api-local-mailer',
      log: options.log,
    });
    const record: StackRecord = { ...claimed, state: 'ready', dataDir: options.dataDir, keysFile: options.keysFile, env };
    updateStackFile(options.stackFile, record);
    return {
      baseUrl,
      dynamodbEndpoint,
      s3Endpoint: s3.endpoint,
      tableName: env.TABLE_NAME!,
      inboxUrl: mailbox.endpoint,
      env,
      pids: { dynamodb: dynamodb?.pid, offline: offline.pid },
      stop,
      offlineExited: offline.exited,
      output: offline.output,
    };
  } catch (error) {
    await stop();
    // Whatever failed once stopping began, the cause is the interruption.
    throw options.signal?.aborted ? new Error(INTERRUPTED) : error;
  }
}
