// A Secret Service of its own for one end-to-end suite (gnome-keyring on a private D-Bus session
// bus, in a throw-away HOME), so that the suite can make the OS keychain die halfway through
// without touching the keychain the other suites share.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { atExit } from './exitCleanup';
import { repoRoot } from './paths';

export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS for the processes that should use it. */
  readonly address: string;
  /** Killing this process makes every keychain call fail at once. */
  readonly busPid: number;
  /** Kills the bus; resolves once it has exited (from then on every keychain call fails). */
  killBus(): Promise<void>;
  /** Stores a secret in it, as the extension would (the secret goes through stdin, not argv). */
  set(account: string, secret: string): Promise<void>;
  stop(): void;
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill();
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = mkdtempSync(join(tmpdir(), 'whmcs-oauth-private-keyring-'));
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    bus.once('error', reject);
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    createInterface({ input: bus.stdout! }).once('line', resolve);
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: join(home, 'share'), XDG_RUNTIME_DIR: home };
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  keyring.stdin!.end('private-test-keyring');
  const stop = () => {
    kill(keyring);
    kill(bus);
    rmSync(home, { recursive: true, force: true });
  };
  const unregister = atExit(stop);
  // Ready once the service has its name on the bus.
  for (let attempt = 0; ; attempt++) {
    const probe = spawn('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const output = await new Promise<string>((resolve) => {
      let text = '';
      probe.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      probe.once('close', () => resolve(text));
    });
    if (output.includes('boolean true')) break;
    if (attempt > 50) {
      unregister();
      stop();
      throw new Error('the private Secret Service did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    address,
    busPid: bus.pid!,
    killBus: () => {
      if (bus.exitCode !== null || bus.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => bus.once('exit', () => resolve()));
      bus.kill();
      return exited;
    },
    set: (account, secret) => storeThrough(address, account, secret),
    stop: () => {
      unregister();
      stop();
    },
  };
}

/** A child process on the private bus stores the secret with the extension's own keychain store. */
async function storeThrough(address: string, account: string, secret: string): Promise<void> {
  const script = `
    const { KeychainSecretStore } = require('./src/core/secrets/keychainStore');
    let secret = '';
    process.stdin.on('data', (chunk) => (secret += chunk)).on('end', () =>
      new KeychainSecretStore().set(process.argv[1], secret).catch((error) => {
        console.error(error.message);
        process.exit(1);
      }));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, account], {
    cwd: repoRoot,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdin!.end(secret);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`could not store a secret in the private keychain: ${errors.split(secret).join('[secret]')}`);
}
