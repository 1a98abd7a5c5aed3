// The email-verification page a person opens from the mail: the key stays in the URL fragment, and
// nothing is verified until the person presses the button (a mail scanner or link preview that
// fetches the page, even one that runs its script, does not click). Same-origin assets and the
// reset page's Content-Security-Policy.
import { hostedPage } from './hosted-page';

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Confirm your e-mail address</title>
<link rel="icon" href="/account/verify/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/account/verify/verify.css">
<script src="/account/verify/verify.js" defer></script>
</head>
<body>
<main>
<h1>Confirm your e-mail address</h1>
<form id="verify" hidden>
<p>Press the button to confirm that this address is yours.</p>
<p><button type="submit">Confirm my e-mail address</button></p>
</form>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p>This page needs JavaScript to confirm your address.</p></noscript>
</main>
</body>
</html>
`;

const SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('verify');
  var status = document.getElementById('status');
  var key = new URLSearchParams(location.hash.slice(1)).get('key');
  // Out of the address bar and the history: a shared screen or a copied URL leaks nothing.
  history.replaceState(null, '', location.pathname);
  function say(text, kind) {
    status.textContent = text;
    status.className = kind || '';
  }
  if (!key) {
    say('This link is incomplete. Open the link from the e-mail again, or ask for a new one.', 'error');
    return;
  }
  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button');
    button.disabled = true;
    say('Confirming…');
    fetch('/api/auth/registration/verify-email/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: key }),
      referrerPolicy: 'no-referrer',
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      var errors = (result.data && result.data.fields) || {};
      if (result.status === 200) {
        form.hidden = true;
        say('Your e-mail address is confirmed. You can close this page.', 'ok');
      } else if (errors.key) {
        form.hidden = true;
        say('This link is invalid, used or expired. Ask for a new verification e-mail.', 'error');
      } else if (errors.email) {
        form.hidden = true;
        say('Another account uses this address already.', 'error');
      } else {
        button.disabled = false;
        say((result.data && result.data.error) || 'Something went wrong. Please try again.', 'error');
      }
    }).catch(function () {
      button.disabled = false;
      say('The service could not be reached. Please try again.', 'error');
    });
  });
})();
`;

export const verifyPage = hostedPage('verify', HTML, SCRIPT);
