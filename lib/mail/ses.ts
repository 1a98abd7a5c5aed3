// Sends mail through Amazon SES's v2 API: the only importer of @aws-sdk/client-sesv2. Built once
// per cold start; locally it points at the SES emulator (SES_ENDPOINT).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '../config';
import { ServiceUnavailable } from '../errors';
import type { MailMessage } from './messages';

export interface MailSender {
  send(to: string, message: MailMessage): Promise<void>;
}

export function sesSender(config: Pick<Config, 'mail' | 'region'>): MailSender {
  const endpoint = config.mail.sesEndpoint;
  const client = new SESv2Client({
    region: config.region,
    maxAttempts: 3,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return {
    async send(to, { subject, text, html }) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: config.mail.from,
            Destination: { ToAddresses: [to] },
            Content: {
              Simple: {
                Subject: { Data: subject, Charset: 'UTF-8' },
                Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
              },
            },
          }),
        );
      } catch (error) {
        // The mailer's invocation fails and the stream retries it (then the dead-letter queue).
        throw new ServiceUnavailable(`SES: ${(error as { name?: string }).name ?? 'unknown error'}`, { cause: error });
      }
    },
  };
}
