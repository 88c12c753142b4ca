// A server page that echoes the request (a PHP error page printing the request variables, or an
// error message repeating a value) never puts a secret the client sent into an error message: not
// as sent (form-encoded), not as PHP decoded and HTML-escaped it, and not the md5 of an admin
// password, which is what the legacy login sends and is as good as the password to WHMCS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { ServerError, UnexpectedResponseError } from '../../src/core/whmcs/errors';

/**
 * An access key as configuration.php may hold it: characters that are encoded and HTML-escaped.
 * (Not a canary: the canary scan takes only base64-like secrets; this test checks it itself.)
 */
const ACCESS_KEY = `K&<y>"9'${'x'.repeat(4)}`;
let box: Sandbox;
const clients: WhmcsClient[] = [];

before(async () => {
  box = await createSandbox({ accessKey: ACCESS_KEY });
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await box.close();
});

function client(baseUrl: string, auth: ConstructorParameters<typeof WhmcsClient>[0]['auth']): WhmcsClient {
  const made = new WhmcsClient({ baseUrl, auth, accessKey: ACCESS_KEY });
  clients.push(made);
  return made;
}

test('a PHP error page printing the request variables: the excerpt shows them, but no secret in any form', async () => {
  const md5 = createHash('md5').update(box.admin.password, 'utf8').digest('hex');
  box.faults.inject({ kind: 'echoRequest', times: 1 });
  let error: unknown;
  try {
    await client(box.url, { kind: 'adminLogin', ...box.admin }).call('ListOAuthCredentials');
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof UnexpectedResponseError, String(error));
  // The page did reach the excerpt: the variables before and around the secrets are there.
  assert.match(error.excerpt, /\[action\] => ListOAuthCredentials \[responsetype\] => json \[username\] => admin \[password\] => /);
  const shown = `${error.message} ${error.hint} ${error.excerpt}`;
  const accessKeyForms = [ACCESS_KEY, encodeURIComponent(ACCESS_KEY), `K&amp;&lt;y&gt;&quot;9&#039;${'x'.repeat(4)}`];
  // (The failure messages never print what was shown: it would hold the secret.)
  const forms = [md5, box.admin.password, ...accessKeyForms];
  forms.forEach((secret, index) => assert.ok(!shown.includes(secret), `secret form ${index} of ${forms.length} is shown`));
  // Not even a recognisable piece of the access key.
  assert.ok(!/&amp;&lt;y&gt;|&lt;y&gt;&quot;9/.test(shown), 'a piece of the access key is shown');
});

test('an error message that repeats a secret keeps the server\'s words, without the secret', async () => {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const sent = new URLSearchParams(body);
      const message = `Invalid secret ${sent.get('secret') ?? ''} (key ${sent.get('accesskey') ?? ''})`;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result: 'error', message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let error: unknown;
    try {
      await client(url, { kind: 'apiCredential', ...box.apiCredential }).call('ListOAuthCredentials');
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ServerError, String(error));
    assert.equal(error.message, 'Invalid secret [redacted] (key [redacted])');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
