// The reset page end to end in a real browser: a reset is asked for over the API, the link is
// read from the local SES inbox, the page is opened in headless Chromium, the person types a new
// password (a wrong one first), and then logs in with it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { post, registered } from '../../support/http';
import { resetMail } from '../../support/inbox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const NEW_PASSWORD = 'marmalade-Orbit-93';
// A first request to a cold function on the local stack can take seconds.
const SLOW = { timeout: 20_000 };

/** Opens a page and records every request it makes and every console error or CSP violation. */
async function open(url: string) {
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`${request.url()} failed`));
  page.on('response', (response) => {
    if (response.status() === 404) problems.push(`${response.url()} 404`);
  });
  const response = await page.goto(url);
  return { page, response, requests, problems };
}

async function setPassword(page: Page, first: string, second = first) {
  await page.getByLabel('New password', { exact: true }).fill(first);
  await page.getByLabel('New password again').fill(second);
  await page.getByRole('button', { name: 'Set the new password' }).click();
}

describe('the password reset page', () => {
  it('takes a person from the mailed link to a new password they can log in with', async () => {
    const { request } = await registered();
    const { link, token } = await resetMail(post, request.email);
    expect(link.startsWith(`${inject('baseUrl')}/account/reset/#uid=`)).toBe(true);
    const { page, response, requests, problems } = await open(link);

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    // The secrets left the address bar, and no request ever carried them in its URL.
    await page.getByRole('button', { name: 'Set the new password' }).waitFor();
    expect(page.url()).toBe(`${inject('baseUrl')}/account/reset/`);

    await setPassword(page, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    await expect.poll(() => page.locator('#new_password2-errors').textContent(), SLOW).toBe('The two password fields didn’t match.');
    await setPassword(page, 'password123');
    await expect.poll(() => page.locator('#new_password2-errors').textContent(), SLOW).toContain('This password is too common.');
    await setPassword(page, NEW_PASSWORD);
    await expect
      .poll(() => page.getByRole('status').textContent(), SLOW)
      .toBe('Your password has been reset. You can now sign in with it.');

    for (const url of requests) expect(url).not.toContain(token);
    expect(requests.every((url) => url.startsWith(inject('baseUrl')))).toBe(true);
    // The two refusals above are the API's 400s, which the browser reports; nothing else went wrong.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    expect((await post('/api/auth/login/', { username: request.username, password: NEW_PASSWORD })).status).toBe(200);
    await page.close();
  });

  it('tells a person whose link was used already to ask for a new one', async () => {
    const { request } = await registered();
    const { link, uid, token } = await resetMail(post, request.email);
    expect(
      (await post('/api/auth/password/reset/confirm/', { uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD })).status,
    ).toBe(200);
    const { page } = await open(link);
    await setPassword(page, 'another-Lantern-58');
    await expect
      .poll(() => page.getByRole('status').textContent(), SLOW)
      .toBe('This link is invalid, used or expired. Ask for a new password reset e-mail.');
    expect(await page.locator('form').isHidden()).toBe(true);
    await page.close();
  });

  it('explains an incomplete link instead of showing a form that cannot work', async () => {
    const { page } = await open(`${inject('baseUrl')}/account/reset/`);
    await expect.poll(() => page.getByRole('status').textContent(), SLOW).toContain('This link is incomplete');
    expect(await page.locator('form').isHidden()).toBe(true);
    await page.close();
  });
});
