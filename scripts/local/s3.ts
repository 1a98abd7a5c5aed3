// The local S3: s3rver (an S3-compatible server from npm) in this process, with the stack's bucket,
// and the local equivalent of the bucket's notification: each object created under uploads/ is
// handed to the upload-landed function through serverless offline's Lambda invoke endpoint, as
// S3 hands it to the function on AWS.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { freePort } from './ports';

export interface RunningS3 {
  endpoint: string;
  stop: () => Promise<void>;
  /** Where created objects are announced (serverless offline's Lambda endpoint), once it runs. */
  notify: (target: { lambdaPort: number; functionName: string; log: (message: string) => void }) => void;
  /** Notifications still being delivered. */
  pending: () => number;
}

/** Where a persistent stack keeps the bucket's objects, inside DynamoDB Local's data folder. */
export const S3_DATA_DIR = 's3';

// The prefix of serverless.yml's s3 event rule.
const UPLOADS = 'uploads/';

const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;

/** `dataDir` keeps the objects between runs (beside DynamoDB Local's data); without it they go with the stack. */
export async function startLocalS3(options: { bucket: string; port?: number; dataDir?: string }): Promise<RunningS3> {
  const directory = options.dataDir ?? mkdtempSync(join(tmpdir(), 'auth-api-s3-'));
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: [{ name: options.bucket, configs: [CORS] }],
  });
  await server.run();
  let inFlight = 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
    pending: () => inFlight,
    notify: ({ lambdaPort, functionName, log }) => {
      server.on('event', (event) => {
        const created = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated') && r.s3.object.key.startsWith(UPLOADS));
        if (created.length === 0) return;
        inFlight += 1;
        const url = `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${functionName}/invocations`;
        fetch(url, { method: 'POST', body: JSON.stringify({ Records: created }) })
          .then(async (response) => {
            if (!response.ok) log(`S3 notification to ${functionName} answered ${response.status}: ${await response.text()}`);
          })
          .catch((error: unknown) => log(`S3 notification to ${functionName} failed: ${String(error)}`))
          .finally(() => (inFlight -= 1));
      });
    },
  };
}
