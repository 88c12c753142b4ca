// `npm run sandbox` / `tsx sandbox/main.ts [--port N] [--host H] [--tls] [--flavor 7.8|8.7]
// [--merge-defect] [--seed N] [--base-path P] [--latency MS]`: a sandbox WHMCS to try the
// extension and the CLI against. Uses fixed, well-known credentials so the docs can show them.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from './index';
import { md5Hex } from './md5';
import type { SandboxOptions } from './types';
import { DEFAULT_PORT, SANDBOX_ADMIN, SANDBOX_API_CREDENTIAL, SANDBOX_CLIENT_USER } from './demoCredentials';


function parseArgs(argv: readonly string[]): SandboxOptions {
  const options: SandboxOptions = {
    port: DEFAULT_PORT,
    apiCredential: { ...SANDBOX_API_CREDENTIAL },
    admin: { ...SANDBOX_ADMIN },
    clientUser: { ...SANDBOX_CLIENT_USER },
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port':
        options.port = Number(value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--flavor': {
        const flavor = value();
        if (flavor !== '7.8' && flavor !== '8.7') throw new Error('--flavor is 7.8 or 8.7');
        options.flavor = flavor;
        break;
      }
      case '--merge-defect':
        options.mergeDefect = true;
        break;
      case '--seed': {
        const count = Number(value());
        if (!Number.isInteger(count) || count < 0) throw new Error('--seed is a number of credentials');
        options.seed = count === 0 ? false : count;
        break;
      }
      case '--base-path':
        options.basePath = value();
        break;
      case '--latency':
        options.latencyMs = Number(value());
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const sandbox = await createSandbox(options);
  const control = `${sandbox.url}/__sandbox`;
  const lines = [
    `Sandbox WHMCS ${options.flavor ?? '8.7'}${options.mergeDefect ? ' (merge defect on)' : ''} at ${sandbox.url}`,
    `  API endpoint    ${sandbox.apiUrl}`,
    `  API identifier  ${sandbox.apiCredential.identifier}`,
    `  API secret      ${sandbox.apiCredential.secret}`,
    `  Admin login     ${sandbox.admin.username} / ${sandbox.admin.password} (legacy API password: ${md5Hex(sandbox.admin.password)})`,
    `  OpenID Connect  ${sandbox.discoveryUrl}`,
    `  Client login    ${sandbox.clientUser.email} / ${sandbox.clientUser.password} (client area, to sign in to an app)`,
    `  Control         ${control}/ (GET credentials, GET stats, POST|DELETE faults, POST|DELETE oidc-faults, POST reset)`,
  ];
  if (sandbox.caPem) {
    const caFile = join(tmpdir(), `whmcs-sandbox-ca-${process.pid}.pem`);
    writeFileSync(caFile, sandbox.caPem);
    lines.push(`  CA certificate  ${caFile} (self-signed; trust it to connect)`);
  }
  lines.push('Press Ctrl+C to stop.');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
