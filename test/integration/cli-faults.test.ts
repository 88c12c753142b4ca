// The fault matrix through the `whmcs-oauth` CLI, run as a process: every fault against every
// command that reaches the server (list, create, update, reset-secret, delete). Each run ends
// within the timeout with exit code 0 (survived) or 1 and one line on stderr that names the cause;
// a reset secret the server took is in the keychain, the reset is sent at most once, and no
// secret is printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { runProcess, type ProcessResult } from './support/runProcess';
import { answerArrivesWhole, applyFault, CAUSE_IN_MESSAGE, clearFaults, countNewSecrets, FAULTS, OPERATIONS, type Operation } from '../support/faultMatrix';

const cli = join(resolve(__dirname, '../..'), 'dist/cli.js');
const TIMEOUT_MS = 1_000;
/** The CLI command for each operation of the matrix. */
const COMMAND_OF: Record<Operation, string> = { list: 'list', create: 'create', update: 'update', reset: 'reset-secret', delete: 'delete' };

let box: Sandbox;
let caDir: string;
let env: NodeJS.ProcessEnv;
let secretsMade: () => number;
const keychain = new KeychainSecretStore();

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
  box = await createSandbox({ tls: true });
  caDir = mkdtempSync(join(tmpdir(), 'whmcs-oauth-cli-faults-'));
  writeFileSync(join(caDir, 'ca.pem'), box.caPem ?? '');
  env = { ...process.env, WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier, WHMCS_API_SECRET: box.apiCredential.secret };
  secretsMade = countNewSecrets(box);
});

after(async () => {
  for (const account of await keychain.accounts(`${serverKey(box.url)}/`)) await keychain.delete(account);
  await box.close();
  rmSync(caDir, { recursive: true, force: true });
});

function run(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args, '--ca-file', join(caDir, 'ca.pem'), '--timeout', String(TIMEOUT_MS)], { env });
}

describe('CLI fault matrix', () => {
  for (const operation of OPERATIONS) {
    for (const kind of FAULTS) {
      test(`${kind} × ${COMMAND_OF[operation]}`, async () => {
        await clearFaults(box);
        const target = box.state.addCredential({ grantTypes: 'authorization_code', name: 'CLI fault target', scope: 'openid' });
        const createdName = `CLI created under ${kind}`;
        const args: Record<Operation, string[]> = {
          list: ['list', '--json'],
          create: ['create', '--grant-type', 'authorization_code', '--name', createdName, '--scope', 'openid', '--json'],
          update: ['update', String(target.credentialId), '--description', `changed under ${kind}`],
          reset: ['reset-secret', String(target.credentialId)],
          delete: ['delete', String(target.credentialId), '--yes'],
        };
        const madeBefore = secretsMade();
        await applyFault(box, kind, operation, TIMEOUT_MS);
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(args[operation]);
        } finally {
          await clearFaults(box);
        }
        const secrets = [box.apiCredential.secret, ...box.state.listCredentials().map((c) => c.clientSecret)];
        assert.ok(!secrets.some((secret) => result.stdout.includes(secret) || result.stderr.includes(secret)), 'a secret was printed');
        assert.ok(result.elapsedMs < TIMEOUT_MS * 4 + 3_000, `took ${result.elapsedMs} ms`);
        if (answerArrivesWhole(kind)) assert.equal(result.code, 0, result.stderr);
        if (result.code !== 0) {
          assert.equal(result.code, 1);
          assert.match(result.stderr, /^whmcs-oauth: [^\n]{30,}\n$/, 'not one line on stderr');
          assert.match(result.stderr, CAUSE_IN_MESSAGE[kind]);
        }
        const stored = box.state.getCredential(target.credentialId);
        switch (operation) {
          case 'reset': {
            assert.ok(stored);
            assert.ok(secretsMade() - madeBefore <= 1, 'the reset was sent twice');
            const held = await keychain.get(clientSecretAccount(serverKey(box.url), stored.clientIdentifier));
            if (stored.clientSecret !== target.clientSecret) assert.ok(held === stored.clientSecret && result.code === 0, 'the server took a reset the keychain does not hold');
            else assert.ok(held === undefined && result.code === 1, 'nothing was reset, but the CLI did not fail');
            break;
          }
          case 'create': {
            const created = box.state.listCredentials().find((c) => c.name === createdName);
            if (result.code === 0) assert.ok(created && (await keychain.get(clientSecretAccount(serverKey(box.url), created.clientIdentifier))) === created.clientSecret);
            else if (created) assert.match(result.stderr, /may have been created anyway/);
            break;
          }
          case 'update':
            if (result.code === 0) assert.equal(stored?.description, `changed under ${kind}`);
            break;
          case 'delete':
            if (result.code === 0) assert.equal(stored, undefined);
            break;
          case 'list':
            if (result.code === 0) assert.ok((JSON.parse(result.stdout) as unknown[]).length > 0);
            break;
        }
      });
    }
  }
});
