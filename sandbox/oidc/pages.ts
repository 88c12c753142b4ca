// The client-area pages of the sign-in: the login form and the consent page. Their element names
// are a contract for browser automation (sandbox/README.md): input[name="username"],
// input[name="password"], button#login; button#approve, button#decline.
import { htmlEscape } from '../htmlEscape';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} - Sandbox Hosting</title></head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;
}

export function loginPage(action: string, csrfToken: string, incorrect: boolean): string {
  const error = incorrect ? '<p class="alert alert-danger" role="alert">Login Details Incorrect. Please try again.</p>\n' : '';
  return page(
    'Login',
    `${error}<form method="post" action="${htmlEscape(action)}">
<input type="hidden" name="token" value="${csrfToken}">
<label>Email Address <input type="email" name="username" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit" id="login">Login</button>
</form>`,
  );
}

/**
 * `escapedName` and `escapedLogoUri` come from the database, where WHMCS keeps them HTML-escaped:
 * they go into the page as they are, so the person reads the name as it was typed.
 */
export function consentPage(action: string, csrfToken: string, escapedName: string, escapedLogoUri: string, scope: string, userName: string): string {
  const logo = escapedLogoUri === '' ? '' : `<img class="app-logo" src="${escapedLogoUri}" alt="" width="64" height="64">\n`;
  const scopes = scope
    .split(' ')
    .filter(Boolean)
    .map((item) => `<li>${htmlEscape(item)}</li>`)
    .join('');
  return page(
    'Authorize Access',
    `${logo}<p>Signed in as ${htmlEscape(userName)}.</p>
<p><strong class="app-name">${escapedName}</strong> would like to access your account.</p>
<ul class="scopes">${scopes}</ul>
<form method="post" action="${htmlEscape(action)}">
<input type="hidden" name="token" value="${csrfToken}">
<button type="submit" id="approve" name="userAuthorization" value="yes">Authorize</button>
<button type="submit" id="decline" name="userAuthorization" value="no">Decline</button>
</form>`,
  );
}

export function clientAreaPage(userName: string | undefined): string {
  return page('Client Area', userName === undefined ? '<p>You are not signed in.</p>' : `<p>Welcome back, ${htmlEscape(userName)}.</p>`);
}

export function errorPage(message: string): string {
  return page('Oops!', `<p class="alert alert-danger">${htmlEscape(message)}</p>`);
}
