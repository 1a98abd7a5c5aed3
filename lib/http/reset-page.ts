// The password-reset page a person opens from the mail (when PASSWORD_RESET_URL does not name an
// app's own page): one HTML form, its script and its style as separate same-origin assets, so the
// Content-Security-Policy can forbid every inline script and every third-party request.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface Asset {
  type: string;
  cache: string;
  body: string;
}

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Choose a new password</title>
<link rel="icon" href="/account/reset/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/account/reset/reset.css">
<script src="/account/reset/reset.js" defer></script>
</head>
<body>
<main>
<h1>Choose a new password</h1>
<form id="reset" novalidate hidden>
<p><label for="new_password1">New password</label>
<input id="new_password1" name="new_password1" type="password" autocomplete="new-password" required aria-describedby="new_password1-errors">
<span id="new_password1-errors" class="errors"></span></p>
<p><label for="new_password2">New password again</label>
<input id="new_password2" name="new_password2" type="password" autocomplete="new-password" required aria-describedby="new_password2-errors">
<span id="new_password2-errors" class="errors"></span></p>
<p><button type="submit">Set the new password</button></p>
</form>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p>This page needs JavaScript to send your new password.</p></noscript>
</main>
</body>
</html>
`;

// The link's uid and token arrive in the URL fragment, which browsers never send to a server:
// they reach no access log, no proxy and no Referer header.
const SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('reset');
  var status = document.getElementById('status');
  var params = new URLSearchParams(location.hash.slice(1));
  var uid = params.get('uid');
  var token = params.get('token');
  // Out of the address bar and the history: a shared screen or a copied URL leaks nothing.
  history.replaceState(null, '', location.pathname);
  function say(text, kind) {
    status.textContent = text;
    status.className = kind || '';
  }
  if (!uid || !token) {
    say('This link is incomplete. Open the link from the e-mail again, or ask for a new one.', 'error');
    return;
  }
  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var fields = ['new_password1', 'new_password2'];
    fields.forEach(function (name) { document.getElementById(name + '-errors').textContent = ''; });
    var body = { uid: uid, token: token };
    fields.forEach(function (name) { body[name] = form.elements[name].value; });
    var button = form.querySelector('button');
    button.disabled = true;
    say('Saving…');
    fetch('/api/auth/password/reset/confirm/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      referrerPolicy: 'no-referrer',
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      if (result.status === 200) {
        form.hidden = true;
        say('Your password has been reset. You can now sign in with it.', 'ok');
        return;
      }
      var errors = (result.data && result.data.fields) || {};
      if (errors.token || errors.uid) {
        form.hidden = true;
        say('This link is invalid, used or expired. Ask for a new password reset e-mail.', 'error');
        return;
      }
      var shown = false;
      fields.forEach(function (name) {
        if (errors[name]) { document.getElementById(name + '-errors').textContent = errors[name].join(' '); shown = true; }
      });
      say(shown ? 'Please correct the errors above.' : (result.data && result.data.error) || 'Something went wrong. Please try again.', 'error');
    }).catch(function () {
      button.disabled = false;
      say('The service could not be reached. Please try again.', 'error');
    });
  });
})();
`;

/** Shared with the verification page (lib/http/verify-page.ts). */
export const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1a1a1a; background: #fafafa; }
main { max-width: 26rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #888; border-radius: 4px; }
input:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
button { padding: .7rem 1.2rem; font-size: 1rem; border: 0; border-radius: 4px; background: #1d4ed8; color: #fff; cursor: pointer; }
button[disabled] { opacity: .6; }
.errors, .error { color: #b91c1c; }
.ok { color: #15803d; }
`;

// A padlock, so that browsers asking for an icon do not get a 404.
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="3" y="7" width="10" height="8" rx="1" fill="#1d4ed8"/><path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="#1d4ed8" stroke-width="1.6"/></svg>
`;

const ASSETS: Record<string, Asset> = {
  'reset.js': { type: 'text/javascript; charset=utf-8', cache: 'public, max-age=300', body: SCRIPT },
  'icon.svg': { type: 'image/svg+xml', cache: 'public, max-age=86400', body: ICON },
  'reset.css': { type: 'text/css; charset=utf-8', cache: 'public, max-age=300', body: STYLE },
  '': { type: 'text/html; charset=utf-8', cache: 'no-store', body: HTML },
};

/** Nothing but this origin's own script, style and API; no framing, no referrer. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export async function resetPage(event: Pick<APIGatewayProxyEventV2, 'rawPath'>): Promise<PageResponse> {
  const name = /\/account\/reset\/?(.*)$/.exec(event.rawPath ?? '')?.[1] ?? '';
  const asset = ASSETS[name];
  if (!asset)
    return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...PAGE_SECURITY_HEADERS }, body: 'Not found\n' };
  return {
    statusCode: 200,
    headers: { 'content-type': asset.type, 'cache-control': asset.cache, ...PAGE_SECURITY_HEADERS },
    body: asset.body,
  };
}
