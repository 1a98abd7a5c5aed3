// The mailer's context: the application's, plus the mail sender (SES), built once per cold start.
import { sesSender, type MailSender } from '../mail/ses';
import { appContext, type AppContext } from './index';

export interface MailContext extends AppContext {
  mail: MailSender;
}

let cold: MailContext | undefined;

export function mailContext(): MailContext {
  if (!cold) {
    const app = appContext();
    cold = { ...app, mail: sesSender(app.config) };
  }
  return cold;
}
