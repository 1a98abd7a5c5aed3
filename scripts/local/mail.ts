// The local SES: the aws-ses-v2-local emulator, in this process, on its own port. It keeps what the
// mailer sends and shows it in a web inbox (its root page); tests read it from GET /store.
import type { Server } from 'node:http';
import startEmulator from 'aws-ses-v2-local';
import { freePort } from './ports';

export interface RunningMailbox {
  /** The SES endpoint the functions send to, and the inbox a person opens in a browser. */
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startMailbox(port?: number): Promise<RunningMailbox> {
  const chosen = port ?? (await freePort());
  const server: Server = await startEmulator({ host: '127.0.0.1', port: chosen });
  return {
    endpoint: `http://127.0.0.1:${chosen}`,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
