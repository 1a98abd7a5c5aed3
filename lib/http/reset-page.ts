// The password-reset page a person opens from the mail (when PASSWORD_RESET_URL does not name an
// app's own page): one HTML form, its script and its style as separate same-origin assets, so the
// Content-Security-Policy can forbid every inline script and every third-party request.
import { hostedPage } from './hosted-page';

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

export const resetPage = hostedPage('reset', HTML, SCRIPT);
