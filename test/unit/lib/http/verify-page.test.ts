import { describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS } from '../../../../lib/http/hosted-page';
import { verifyPage } from '../../../../lib/http/verify-page';

describe('the verification page', () => {
  it("serves the page, its script, style and icon, each with its type and the reset page's strict headers", async () => {
    for (const [rawPath, type] of [
      ['/account/verify', 'text/html'],
      ['/account/verify/', 'text/html'],
      ['/account/verify/verify.js', 'text/javascript'],
      ['/account/verify/verify.css', 'text/css'],
      ['/account/verify/icon.svg', 'image/svg+xml'],
    ] as const) {
      const response = await verifyPage({ rawPath });
      expect({ rawPath, status: response.statusCode }).toEqual({ rawPath, status: 200 });
      expect(response.headers['content-type']).toContain(type);
      expect(response.headers).toMatchObject(PAGE_SECURITY_HEADERS);
    }
    expect((await verifyPage({ rawPath: '/account/verify/' })).headers['cache-control']).toBe('no-store');
  });

  it('verifies nothing by loading: its only request to the API is made from the button’s submit handler', async () => {
    const { body: html } = await verifyPage({ rawPath: '/account/verify/' });
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/);
    expect(html).toContain('<button type="submit">');
    const { body: script } = await verifyPage({ rawPath: '/account/verify/verify.js' });
    expect(script.match(/fetch\(/g)).toHaveLength(1);
    expect(script.indexOf('fetch(')).toBeGreaterThan(script.indexOf("form.addEventListener('submit'"));
  });

  it('answers 404 for anything else under the page', async () => {
    expect((await verifyPage({ rawPath: '/account/verify/../../etc/passwd' })).statusCode).toBe(404);
    expect((await verifyPage({ rawPath: '/account/verify/reset.js' })).statusCode).toBe(404);
  });
});
