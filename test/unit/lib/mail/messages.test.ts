import { describe, expect, it } from 'vitest';
import { passwordChangedMail, passwordResetMail } from '../../../../lib/mail/messages';

describe('mails', () => {
  const reset = passwordResetMail('Acme <Accounts>', {
    link: 'https://app.example.com/reset?uid=MQ&token=abc',
    code: '01234567',
    minutes: 60,
  });

  it('carry a plain-text and an HTML part with the link, the code and the lifetime', () => {
    expect(reset.subject).toBe('Acme <Accounts>: reset your password');
    expect(reset.text).toContain('https://app.example.com/reset?uid=MQ&token=abc');
    expect(reset.text).toMatch(/^ {4}01234567$/m);
    expect(reset.text).toContain('for 60 minutes');
    expect(reset.html).toContain('<a href="https://app.example.com/reset?uid=MQ&amp;token=abc">');
    expect(reset.html).toContain('01234567');
  });

  it('escape what they quote in HTML', () => {
    expect(reset.html).toContain('Acme &lt;Accounts&gt;');
    expect(reset.html).not.toContain('<Accounts>');
  });

  it('tell the owner of a changed password what to do if it was not them', () => {
    const mail = passwordChangedMail('Acme');
    expect(mail.subject).toBe('Acme: your password was changed');
    expect(mail.text).toContain('reset your password now');
    expect(mail.html).toMatch(/^<!doctype html>/);
  });
});
