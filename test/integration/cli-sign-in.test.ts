// `whmcs-oauth test-sign-in` as people run it: the built dist/cli.js as a process, the client secret
// in the real Secret Service (run under scripts/with-keyring.sh), and the person in real chromium
// (signInAndConsent) at the address the CLI prints. Start the suite under
// `flock /tmp/whmcs-e2e.lock` when running it alone: it starts a browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createSandbox, type Sandbox, type StoredCredential } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { freeLoopbackPort, loopbackRedirectUri } from '../../src/core/oidc/loopbackReceiver';
import type { SignInReport } from '../../src/core/oidc/signInReport';
import { signInAndConsent } from '../support/oidcBrowser';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/cli.js');
const keychain = new KeychainSecretStore();
const accountsToClean: string[] = [];
let sb: Sandbox;
let browser: Browser;
let env: NodeJS.ProcessEnv;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
  sb = await createSandbox({ seed: false });
  env = { ...process.env, WHMCS_URL: sb.url, WHMCS_API_IDENTIFIER: sb.apiCredential.identifier, WHMCS_API_SECRET: sb.apiCredential.secret };
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await Promise.all(accountsToClean.map((account) => keychain.delete(account).catch(() => false)));
  await browser?.close();
  await sb?.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Person = (authorizeUrl: string, child: { kill(signal: NodeJS.Signals): void }) => Promise<void>;

/** Runs the CLI; when it prints the authorize address, `person` acts on it. */
function runCli(args: string[], person?: Person): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    let acted: Promise<void> = Promise.resolve();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/whmcs\/oauth\/authorize\.php\?\S+)$/m.exec(stderr)?.[1];
      if (url && person) {
        const act = person;
        person = undefined;
        acted = act(url, child);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => acted.then(() => resolvePromise({ code, stdout, stderr }), reject));
  });
}

/** The person in chromium, in a fresh context (no client-area session left from another test). */
function inChromium(answer: 'approve' | 'decline'): Person {
  return async (url) => {
    const context = await browser.newContext();
    try {
      await signInAndConsent(await context.newPage(), url, sb.clientUser, answer);
    } finally {
      await context.close();
    }
  };
}

async function appWith(redirectUris: string[], name = 'CLI sign-in app'): Promise<StoredCredential> {
  return sb.state.addCredential({ name, grantTypes: 'authorization_code', scope: 'clientarea:profile', redirectUri: redirectUris });
}

async function keepSecret(app: StoredCredential, secret = app.clientSecret): Promise<void> {
  const account = clientSecretAccount(serverKey(sb.url), app.clientIdentifier);
  accountsToClean.push(account);
  await keychain.set(account, secret);
}

function assertNothingSecret(run: Run, secrets: string[]): void {
  for (const secret of secrets) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'a secret was printed');
  assert.doesNotMatch(run.stdout + run.stderr, /eyJ[\w-]+\.eyJ/, 'a JWT was printed');
  assert.doesNotMatch(run.stdout + run.stderr, /[?&]code=/, 'an authorization code was printed');
}

describe('test-sign-in with the person in chromium', () => {
  test('the secret from the keychain, the port of the registered loopback URI: every check passes, exit 0', async () => {
    const port = await freeLoopbackPort();
    const app = await appWith(['https://app.example/callback', loopbackRedirectUri(port)]);
    await keepSecret(app);
    const run = await runCli(['test-sign-in', String(app.credentialId), '--no-open'], inChromium('approve'));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`redirect_uri=${encodeURIComponent(loopbackRedirectUri(port)).replace(/[.]/g, '\\.')}`));
    assert.match(run.stdout, /^PASSED: the credential signed a person in with OpenID Connect/m);
    assert.match(run.stdout, new RegExp(`email: ${sb.clientUser.email.replace('.', '\\.')}`));
    for (const step of ['credential', 'discovery', 'authorize', 'token', 'idToken', 'userinfo']) assert.match(run.stdout, new RegExp(`passed\\s+${step}\\b`));
    assertNothingSecret(run, [app.clientSecret, sb.apiCredential.secret]);
  });

  test('--register-redirect-uri --json, consent declined: accessDenied, exit 1, and the URI list is as before', async () => {
    const app = await appWith(['https://app.example/callback']);
    await keepSecret(app);
    const port = await freeLoopbackPort();
    let duringTest: string[] = [];
    const run = await runCli(['test-sign-in', String(app.credentialId), '--no-open', '--json', '--register-redirect-uri', '--port', String(port)], async (url, child) => {
      duringTest = [...(sb.state.getCredential(app.credentialId)?.redirectUri ?? [])];
      await inChromium('decline')(url, child);
    });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as SignInReport;
    assert.equal(report.failure?.code, 'accessDenied');
    assert.deepEqual(duringTest, ['https://app.example/callback', loopbackRedirectUri(port)], 'registered for the test');
    assert.deepEqual(sb.state.getCredential(app.credentialId)?.redirectUri, ['https://app.example/callback'], 'removed afterwards');
    assertNothingSecret(run, [app.clientSecret]);
  });

  test('the kept secret was reset on the server since: secretRejected and the command that fixes it; --live-secret passes', async () => {
    const port = await freeLoopbackPort();
    const app = await appWith([loopbackRedirectUri(port)]);
    await keepSecret(app, app.clientSecret);
    const stale = app.clientSecret;
    const reset = await runCli(['reset-secret', String(app.credentialId), '--json']);
    assert.equal(reset.code, 0, reset.stderr);
    // reset-secret kept the new secret; put the old one back, as if the reset was made elsewhere.
    await keepSecret(app, stale);
    const current = sb.state.getCredential(app.credentialId)?.clientSecret ?? '';
    const rejected = await runCli(['test-sign-in', String(app.credentialId), '--no-open'], inChromium('approve'));
    assert.equal(rejected.code, 1);
    assert.match(rejected.stdout, /^FAILED \(secretRejected\): .*reset since it was stored/m);
    assert.match(rejected.stdout, new RegExp(`whmcs-oauth save-secret ${app.credentialId}`));
    const live = await runCli(['test-sign-in', String(app.credentialId), '--no-open', '--live-secret'], inChromium('approve'));
    assert.equal(live.code, 0, live.stdout);
    assertNothingSecret(rejected, [stale, current]);
    assertNothingSecret(live, [stale, current]);
  });

  for (const [fault, code, step] of [
    [{ rotatedSigningKey: true }, 'idTokenSignature', 'idToken'],
    [{ expireCodes: true }, 'codeRejected', 'token'],
  ] as const) {
    test(`${Object.keys(fault)[0]}: ${code} at ${step}, exit 1, and the URI registered for the test is removed`, async () => {
      const app = await appWith(['https://app.example/callback']);
      await keepSecret(app);
      sb.oidcFaults.set(fault);
      try {
        const run = await runCli(['test-sign-in', String(app.credentialId), '--no-open', '--json', '--register-redirect-uri'], inChromium('approve'));
        assert.equal(run.code, 1, run.stderr);
        const report = JSON.parse(run.stdout) as SignInReport;
        assert.equal(report.failure?.code, code);
        assert.equal(report.steps.find((s) => s.outcome === 'failed')?.id, step);
        assert.deepEqual(sb.state.getCredential(app.credentialId)?.redirectUri, ['https://app.example/callback'], 'no stray redirect URI');
        assertNothingSecret(run, [app.clientSecret]);
      } finally {
        sb.oidcFaults.clear();
      }
    });
  }
});

describe('test-sign-in without a browser', () => {
  test('the loopback URI is not registered: refused at once, naming --register-redirect-uri and the full update', async () => {
    const app = await appWith(['https://app.example/callback']);
    await keepSecret(app);
    const run = await runCli(['test-sign-in', String(app.credentialId), '--no-open', '--port', '53682']);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /authorize\.php/, 'no sign-in was started');
    assert.match(run.stdout, /FAILED \(redirectUriNotRegistered\)/);
    assert.match(run.stdout, new RegExp(`whmcs-oauth test-sign-in ${app.credentialId} --register-redirect-uri`));
    assert.match(run.stdout, /whmcs-oauth update \d+ --redirect-uri https:\/\/app\.example\/callback --redirect-uri http:\/\/127\.0\.0\.1:53682\/whmcs-oauth\/callback/);
  });

  test('Ctrl+C while waiting: cancelled, exit 1, and the URI registered for the test is removed', async () => {
    const app = await appWith(['https://app.example/callback']);
    await keepSecret(app);
    const run = await runCli(['test-sign-in', String(app.credentialId), '--no-open', '--register-redirect-uri'], async (_url, child) => {
      child.kill('SIGINT');
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /FAILED \(cancelled\)/);
    assert.deepEqual(sb.state.getCredential(app.credentialId)?.redirectUri, ['https://app.example/callback']);
  });
});
