// The verification page end to end in a real browser: the verification mail (asked for with resend:
// the suite's stack registers without one) is read from the local SES inbox, its link opened in
// headless Chromium; loading the page (as a mail scanner would)
// verifies nothing, pressing the button does.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { get, post, registered } from '../../support/http';
import { verifySecretsIn, VERIFY_SUBJECT, waitForMails } from '../../support/inbox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const SLOW = { timeout: 20_000 };
const verifiedOf = async (access: string) =>
  (await get('/api/auth/me/', { headers: { authorization: `Bearer ${access}` } })).body.email_verified as boolean;

describe('the email verification page', () => {
  it('verifies only when the person presses the button, keeping the key out of every URL sent', { timeout: 60_000 }, async () => {
    const { request, content } = await registered();
    expect((await post('/api/auth/registration/resend-email/', { email: request.email })).status).toBe(200);
    const [mail] = await waitForMails(request.email, 1, VERIFY_SUBJECT);
    const { link, key } = verifySecretsIn(mail!.body.text ?? '');
    expect(link.startsWith(`${inject('baseUrl')}/account/verify/#key=`)).toBe(true);

    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    const button = page.getByRole('button', { name: 'Confirm my e-mail address' });
    await button.waitFor();
    expect(page.url()).toBe(`${inject('baseUrl')}/account/verify/`);
    // Loaded, script run, and nothing verified: a scanner that follows links proves nothing.
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    expect(await verifiedOf(content.tokens.access)).toBe(false);

    await button.click();
    await expect
      .poll(() => page.getByRole('status').textContent(), SLOW)
      .toBe('Your e-mail address is confirmed. You can close this page.');
    expect(await verifiedOf(content.tokens.access)).toBe(true);
    for (const url of requests) expect(url).not.toContain(key);
    expect(problems).toEqual([]);

    await page.close();

    // The same link again, in a new tab: used.
    const again = await browser.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Confirm my e-mail address' }).click();
    await expect
      .poll(() => again.getByRole('status').textContent(), SLOW)
      .toBe('This link is invalid, used or expired. Ask for a new verification e-mail.');
    await again.close();
  });
});
