// A server that answers with a redirect: the client (and the CLI as a process) never follows it,
// since every request body carries the API secret. A second loopback listener stands for the
// redirect's target and must receive no connection at all; the error names the target without
// its user info or query, and says what to do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { RedirectError } from '../../src/core/whmcs/errors';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import { runProcess } from './support/runProcess';
import { startTrapListener, type TrapListener } from './support/trapListener';

const cli = join(resolve(__dirname, '../..'), 'dist/cli.js');
let box: Sandbox;
let trap: TrapListener;
let api: OAuthCredentialsApi;

before(async () => {
  box = await createSandbox();
  trap = await startTrapListener();
  api = new OAuthCredentialsApi(new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential } }));
});

after(async () => {
  await api.client.close();
  await box.close();
  await trap.close();
});

async function redirected(promise: Promise<unknown>): Promise<RedirectError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RedirectError, `expected a RedirectError, got ${String(error)}`);
    assert.ok(!`${error.message} ${error.hint}`.includes(box.apiCredential.secret), 'the API secret is in the message');
    return error;
  }
  assert.fail('the call succeeded: the redirect was followed');
}

describe('redirects through the client', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`HTTP ${status} to another origin is not followed; the target is named without user info, query or fragment`, async () => {
      box.faults.inject({ kind: 'redirect', status, location: `http://collector:hunter2@127.0.0.1:${trap.port}/steal/includes/api.php?token=t0ken-value#frag` });
      try {
        const error = await redirected(api.list());
        assert.equal(error.status, status);
        assert.equal(error.target, `http://127.0.0.1:${trap.port}/steal/includes/api.php`);
        assert.equal(
          error.message,
          `${box.apiUrl} answered HTTP ${status} with a redirect to http://127.0.0.1:${trap.port}/steal/includes/api.php. The redirect was not followed, so nothing was sent there.`,
        );
        assert.match(error.hint, /If WHMCS has moved to that address, change the server's URL/);
        for (const hidden of ['collector', 'hunter2', 't0ken-value', 'frag']) assert.ok(!`${error.message} ${error.hint}`.includes(hidden), hidden);
      } finally {
        box.faults.clear();
      }
      assert.equal(trap.connections, 0, 'the redirect target was contacted');
      // The connection to the server stays usable.
      assert.ok((await api.list()).length > 0);
    });
  }

  test('http to https on the same host: not followed, and the hint says to use https://', async () => {
    box.faults.inject({ kind: 'redirect', status: 301, location: `https://127.0.0.1:${trap.port}/whmcs/includes/api.php` });
    try {
      const error = await redirected(api.list());
      assert.match(error.message, new RegExp(`HTTP 301 with a redirect to https://127\\.0\\.0\\.1:${trap.port}/whmcs/includes/api\\.php\\.`));
      assert.match(error.hint, /change the server's URL to start with https:\/\//);
      assert.equal(error.maybeApplied, false);
    } finally {
      box.faults.clear();
    }
    assert.equal(trap.connections, 0, 'the https address was contacted');
  });

  test('a relative Location is resolved against the endpoint; no Location still says what happened', async () => {
    box.faults.inject({ kind: 'redirect', status: 302, location: '../moved/api.php?x=1', times: 1 });
    box.faults.inject({ kind: 'redirect', status: 302, location: '', times: 1 });
    try {
      const relative = await redirected(api.list());
      assert.equal(relative.target, `${box.url}/moved/api.php`);
      const none = await redirected(api.list());
      assert.equal(none.target, undefined);
      assert.match(none.message, /answered HTTP 302 \(a redirect\) without naming an address; nothing was sent anywhere else\./);
    } finally {
      box.faults.clear();
    }
  });

  test('a redirected secret reset is not applied and says so; the old secret stays', async () => {
    const target = box.state.addCredential({ grantTypes: 'authorization_code', name: 'Redirected reset', scope: 'openid' });
    const current = await api.get(target.credentialId);
    box.faults.inject({ kind: 'redirect', status: 307, action: 'UpdateOAuthCredential', location: `http://127.0.0.1:${trap.port}/` });
    try {
      const error = await redirected(api.resetSecret(current));
      assert.equal(error.maybeApplied, false);
    } finally {
      box.faults.clear();
    }
    assert.equal(box.state.getCredential(target.credentialId)?.clientSecret, target.clientSecret);
    assert.equal(trap.connections, 0);
  });
});

describe('redirects through the CLI as a process', () => {
  before(() => assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)'));

  test('exits 1 with one line naming the redirect; the target gets no connection', async () => {
    box.faults.inject({ kind: 'redirect', status: 302, location: `http://collector:hunter2@127.0.0.1:${trap.port}/steal?token=t0ken-value` });
    let result: Awaited<ReturnType<typeof runProcess>>;
    try {
      result = await runProcess(process.execPath, [cli, 'list'], {
        env: { ...process.env, WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: box.apiCredential.secret },
      });
    } finally {
      box.faults.clear();
    }
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^whmcs-oauth: [^\n]+\n$/, 'not one line on stderr');
    assert.match(result.stderr, new RegExp(`answered HTTP 302 with a redirect to http://127\\.0\\.0\\.1:${trap.port}/steal\\. The redirect was not followed, so nothing was sent there\\.`));
    for (const hidden of ['collector', 'hunter2', 't0ken-value']) assert.ok(!result.stderr.includes(hidden), hidden);
    assert.ok(!result.stderr.includes(box.apiCredential.secret), 'the API secret was printed');
    assert.equal(trap.connections, 0, 'the redirect target was contacted');
  });
});
