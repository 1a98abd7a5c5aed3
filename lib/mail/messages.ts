// The mails the service sends, each as plain text and HTML: kinds are data (a subject and
// paragraphs), rendered the same way. Nothing in them is secret but the reset link and code.

export interface MailMessage {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph: text, or a link (shown as itself in the text part), or a code set apart. */
type Block = string | { link: string } | { code: string };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(subject: string, blocks: Block[]): MailMessage {
  const text = blocks.map((b) => (typeof b === 'string' ? b : 'link' in b ? b.link : `    ${b.code}`)).join('\n\n');
  const html = blocks
    .map((b) => {
      if (typeof b === 'string') return `<p>${escapeHtml(b)}</p>`;
      if ('link' in b) return `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.link)}</a></p>`;
      return `<p style="font-size:1.5em;letter-spacing:0.2em;font-family:monospace">${escapeHtml(b.code)}</p>`;
    })
    .join('\n');
  return {
    subject,
    text: `${text}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>\n${html}\n</body></html>\n`,
  };
}

export function passwordResetMail(service: string, { link, code, minutes }: { link: string; code: string; minutes: number }): MailMessage {
  return render(`${service}: reset your password`, [
    `Someone asked to reset the password of your ${service} account. If it was you, open this link to choose a new password:`,
    { link },
    'Or type this code where you asked for the reset:',
    { code },
    `The link and the code work once, for ${minutes} minutes. If you did not ask for this, ignore this mail: your password stays as it is.`,
  ]);
}

export function passwordChangedMail(service: string): MailMessage {
  return render(`${service}: your password was changed`, [
    `The password of your ${service} account was just changed, and your other sessions were signed out.`,
    'If it was not you, reset your password now and contact support.',
  ]);
}

export function verifyEmailMail(service: string, { link, code, hours }: { link: string; code: string; hours: number }): MailMessage {
  return render(`${service}: confirm your e-mail address`, [
    `Someone gave this address for a ${service} account. If it was you, open this link and press the button to confirm it:`,
    { link },
    'Or type this code where you were asked for it:',
    { code },
    `The link and the code work once, for ${hours} hours. If it was not you, ignore this mail: the address stays unconfirmed.`,
  ]);
}

export function emailChangeRequestedMail(service: string): MailMessage {
  return render(`${service}: a change of your e-mail address was asked for`, [
    `Someone signed in to your ${service} account asked to change its e-mail address. The change happens only once the new address is confirmed; until then this address stays the account's.`,
    'If it was not you, change your password now and contact support.',
  ]);
}
