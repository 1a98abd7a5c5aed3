// Reads the local SES emulator's store (GET /store): the mail the stack's mailer really sent.
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

export interface Mail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every mail sent to `address` so far, oldest first. */
export async function mailsTo(address: string): Promise<Mail[]> {
  const response = await fetch(`${inject('inboxUrl')}/store`);
  const { emails } = (await response.json()) as { emails: Mail[] };
  return emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits until `address` has received `count` mails (whose subject matches), and returns them. */
export async function waitForMails(address: string, count: number, subject = /./, timeoutMs = 20_000): Promise<Mail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await mailsTo(address)).filter((mail) => subject.test(mail.subject));
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`${address} received ${mails.length} of ${count} mails matching ${subject}`);
    await sleep(100);
  }
}

export const RESET_SUBJECT = /reset your password/;
export const CHANGED_SUBJECT = /your password was changed/;
export const VERIFY_SUBJECT = /confirm your e-mail address/;
export const EMAIL_CHANGE_SUBJECT = /a change of your e-mail address was asked for/;

/** The link, its uid and token, and the code of a reset mail. */
export function resetSecretsOf(mail: Mail): { link: string; uid: string; token: string; code: string } {
  return resetSecretsIn(mail.body.text ?? '', mail.subject);
}

/** The same, from a reset mail's plain-text part. */
export function resetSecretsIn(text: string, subject = 'the mail'): { link: string; uid: string; token: string; code: string } {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  const fragment = /#uid=([\w-]+)&token=([\w-]+)/.exec(link ?? '');
  const code = /^ {4}([0-9]{8})$/m.exec(text)?.[1];
  if (!link || !fragment || !code) throw new Error(`not a reset mail: ${subject}`);
  return { link, uid: fragment[1]!, token: fragment[2]!, code };
}

/** Asks for a reset of `email` and returns the secrets of the mail it causes (the `nth` reset mail to it). */
export async function resetMail(post: (path: string, body: unknown) => Promise<{ status: number }>, email: string, nth = 1) {
  const response = await post('/api/auth/password/reset/', { email });
  if (response.status !== 200) throw new Error(`reset request answered ${response.status}`);
  const mails = await waitForMails(email, nth, RESET_SUBJECT);
  return resetSecretsOf(mails[nth - 1]!);
}

/** The link, its key and the code of a verification mail's plain-text part. */
export function verifySecretsIn(text: string, subject = 'the mail'): { link: string; key: string; code: string } {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  const key = /#key=([\w.-]+)$/.exec(link ?? '')?.[1];
  const code = /^ {4}([0-9]{8})$/m.exec(text)?.[1];
  if (!link || !key || !code) throw new Error(`not a verification mail: ${subject}`);
  return { link, key, code };
}
