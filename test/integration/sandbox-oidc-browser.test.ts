// A real chromium signs in at the sandbox's client area and approves an app through
// signInAndConsent; a loopback listener stands in for the relying party's redirect target.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { createSandbox, type Sandbox } from '../../sandbox';
import { signInAndConsent } from '../support/oidcBrowser';

let sb: Sandbox;
let browser: Browser;
let target: Server;
let redirectUri = '';
const arrivals: URL[] = [];

before(async () => {
  sb = await createSandbox({ seed: false });
  target = createServer((req, res) => {
    const arrival = new URL(req.url ?? '/', redirectUri);
    if (arrival.pathname !== '/callback') {
      res.writeHead(404).end(); // the browser's favicon.ico
      return;
    }
    arrivals.push(arrival);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>Relying party</title><p>Back at the app.</p>');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(target.address() as AddressInfo).port}/callback`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  await sb?.close();
});

test('chromium signs in, declines, then approves: the app gets access_denied, then a code that buys a verified ID token', async () => {
  const app = sb.state.addCredential({ name: 'Browser App', grantTypes: 'authorization_code', scope: 'clientarea:profile', redirectUri: [redirectUri] });
  const authorize = (state: string): string =>
    `${sb.url}/oauth/authorize.php?${new URLSearchParams({ client_id: app.clientIdentifier, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile', state, nonce: 'n-browser' }).toString()}`;
  const context = await browser.newContext();
  const page = await context.newPage();

  await signInAndConsent(page, authorize('st-decline'), sb.clientUser, 'decline');
  assert.equal(arrivals.length, 1);
  assert.equal(arrivals[0]?.searchParams.get('error'), 'access_denied');
  assert.equal(arrivals[0]?.searchParams.get('state'), 'st-decline');

  // The session is signed in now: straight to the consent page.
  await signInAndConsent(page, authorize('st-approve'), sb.clientUser, 'approve');
  assert.equal(arrivals.length, 2);
  const arrival = arrivals[1];
  assert.equal(arrival?.searchParams.get('state'), 'st-approve');
  const code = arrival?.searchParams.get('code') ?? '';
  assert.match(code, /^[0-9a-f]{40}$/);
  assert.equal(sb.requests().filter((r) => r.action === 'dologin.php').length, 1, 'one login for both answers');

  const response = await fetch(`${sb.url}/oauth/token.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: app.clientIdentifier, client_secret: app.clientSecret }).toString(),
  });
  assert.equal(response.status, 200);
  const token = (await response.json()) as { id_token: string };
  const { payload } = await jwtVerify(token.id_token, createRemoteJWKSet(new URL(`${sb.url}/oauth/certs.php`)), { issuer: sb.url, audience: app.clientIdentifier });
  assert.equal(payload.sub, sb.clientUser.uuid);
  assert.equal(payload['nonce'], 'n-browser');
  await context.close();
});
