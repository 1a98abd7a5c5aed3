import { describe, expect, it } from 'vitest';
import { resetPage } from '../../../../lib/http/reset-page';

describe('the reset page', () => {
  it('serves the page, its script, style and icon, each with its type and the strict headers', async () => {
    for (const [rawPath, type] of [
      ['/account/reset', 'text/html'],
      ['/account/reset/', 'text/html'],
      ['/account/reset/reset.js', 'text/javascript'],
      ['/account/reset/reset.css', 'text/css'],
      ['/account/reset/icon.svg', 'image/svg+xml'],
    ] as const) {
      const response = await resetPage({ rawPath });
      expect({ rawPath, status: response.statusCode }).toEqual({ rawPath, status: 200 });
      expect(response.headers['content-type']).toContain(type);
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('never caches the page itself', async () => {
    expect((await resetPage({ rawPath: '/account/reset/' })).headers['cache-control']).toBe('no-store');
  });

  it('holds no inline script or style, which its policy would block', async () => {
    const { body } = await resetPage({ rawPath: '/account/reset/' });
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(body).not.toMatch(/<style|\sstyle=|\son\w+=/);
  });

  it('labels every field for screen readers and reports outcomes in a live region', async () => {
    const { body } = await resetPage({ rawPath: '/account/reset/' });
    for (const id of ['new_password1', 'new_password2']) expect(body).toContain(`<label for="${id}">`);
    expect(body).toContain('role="status" aria-live="polite"');
    expect(body).toContain('name="viewport"');
  });

  it('answers 404 for anything else under the page', async () => {
    expect((await resetPage({ rawPath: '/account/reset/../../etc/passwd' })).statusCode).toBe(404);
    expect((await resetPage({ rawPath: '/account/reset/other.js' })).statusCode).toBe(404);
  });
});
