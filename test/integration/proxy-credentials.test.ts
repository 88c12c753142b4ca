// Proxy credentials (`http://user:password@proxy:port`, as in VS Code's http.proxy, HTTPS_PROXY or
// the CLI's --proxy) never appear in an error message or hint: a loopback CONNECT proxy that wants
// credentials refuses missing or wrong ones with 407, through the client and through the CLI as a
// process; the error names the proxy problem.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { TransportError } from '../../src/core/whmcs/errors';
import { closedPort } from './support/closedPort';
import { startConnectProxy, type TestProxy } from './support/connectProxy';
import { runProcess } from './support/runProcess';

const cli = join(resolve(__dirname, '../..'), 'dist/cli.js');
const RIGHT = { user: 'proxy-admin', password: 'R1ght-Proxy-Pa55' };
const WRONG = { user: 'proxy-admin', password: 'Wr0ng-Proxy-Pa55' };
/** An address of the proxy with credentials in it. */
const withCredentials = (proxy: TestProxy, { user, password }: { user: string; password: string }) =>
  proxy.url.replace('http://', `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);

let box: Sandbox;
const clients: WhmcsClient[] = [];
const proxies: TestProxy[] = [];

before(async () => {
  box = await createSandbox();
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(proxies.map((p) => p.close()));
  await box.close();
});

async function proxyWith(options: Parameters<typeof startConnectProxy>[0]): Promise<TestProxy> {
  const proxy = await startConnectProxy(options);
  proxies.push(proxy);
  return proxy;
}

async function listThrough(proxyUrl: string): Promise<unknown> {
  const client = new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential }, proxy: { url: proxyUrl } });
  clients.push(client);
  return client.call('ListOAuthCredentials', {}, { readOnly: true });
}

async function proxyFailure(promise: Promise<unknown>, hidden: readonly string[]): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TransportError, `expected a TransportError, got ${String(error)}`);
    assert.equal(error.reason, 'proxy');
    assert.equal(error.maybeApplied, false);
    for (const part of hidden) assert.ok(!`${error.message} ${error.hint}`.includes(part), `"${part}" is in: ${error.message} ${error.hint}`);
    assert.ok(!`${error.message} ${error.hint}`.includes(box.apiCredential.secret), 'the API secret is in the message');
    return error;
  }
  assert.fail('the call went through the proxy');
}

describe('proxy credentials through the client', () => {
  test('a proxy answering 407: the message names proxy authentication, never the user or password', async () => {
    const proxy = await proxyWith({ alwaysRequireAuth: true });
    const error = await proxyFailure(listThrough(withCredentials(proxy, RIGHT)), [RIGHT.user, RIGHT.password]);
    assert.match(error.message, new RegExp(`^The proxy ${proxy.url} refused to carry the request to ${box.url.replace(/\/whmcs$/, '')}: it requires proxy authentication \\(HTTP 407 Proxy Authentication Required\\)`));
    assert.match(error.hint, /Correct the user name and password in the proxy URL/);
    assert.equal(proxy.refusedAuth, 1);
  });

  test('wrong credentials: refused with 407, named, not repeated; the right ones go through', async () => {
    const proxy = await proxyWith({ credentials: RIGHT });
    const error = await proxyFailure(listThrough(withCredentials(proxy, WRONG)), [WRONG.user, WRONG.password]);
    assert.match(error.message, /requires proxy authentication \(HTTP 407 Proxy Authentication Required\) and did not accept the user name and password in the proxy URL\./);
    const missing = await proxyFailure(listThrough(proxy.url), []);
    assert.match(missing.hint, /Put the proxy's user name and password into the proxy URL/);
    assert.equal(proxy.tunnels, 0);
    await listThrough(withCredentials(proxy, RIGHT));
    assert.equal(proxy.tunnels, 1);
  });

  test('a proxy nobody listens on is named as the proxy, without its credentials', async () => {
    const url = `http://${WRONG.user}:${WRONG.password}@127.0.0.1:${await closedPort()}`;
    const error = await proxyFailure(listThrough(url), [WRONG.user, WRONG.password]);
    assert.match(error.message, /^Could not reach the proxy http:\/\/127\.0\.0\.1:\d+: the connection was refused\.$/);
  });
});

describe('proxy credentials through the CLI as a process', () => {
  before(() => assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)'));

  test('--proxy http://user:pass@127.0.0.1:P answering 407: exit 1, one line naming the proxy problem, no credentials', async () => {
    const proxy = await proxyWith({ credentials: RIGHT });
    const env: NodeJS.ProcessEnv = { ...process.env, WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: box.apiCredential.secret };
    for (const name of ['NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete env[name];
    const result = await runProcess(process.execPath, [cli, 'list', '--proxy', withCredentials(proxy, WRONG)], { env });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^whmcs-oauth: [^\n]+\n$/, 'not one line on stderr');
    assert.match(result.stderr, new RegExp(`The proxy ${proxy.url} refused to carry the request .*proxy authentication \\(HTTP 407`));
    for (const part of [WRONG.user, WRONG.password]) assert.ok(!result.stderr.includes(part), part);
    assert.ok(!result.stderr.includes(box.apiCredential.secret), 'the API secret was printed');
    assert.equal(proxy.refusedAuth, 1);
  });
});
