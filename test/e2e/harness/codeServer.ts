// A real VS Code server (code-server) with a Node extension host, isolated in temporary folders,
// listening on a free loopback port, running in its own process group.
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { atExit } from './exitCleanup';
import { codeServerLauncher } from './paths';
import { spawnGroup, type ProcessGroup } from './processGroup';

export interface CodeServerOptions {
  /** Added to this process's environment (which carries DBUS_SESSION_BUS_ADDRESS, if any). */
  env?: NodeJS.ProcessEnv;
  /** User settings, merged over quiet defaults and written before start. */
  settings?: Record<string, unknown>;
  /**
   * Settings of the machine the extension host runs on: a "machine"-scoped setting (such as
   * whmcsOAuth.secretStorage) is ignored in the user settings of a remote window like this one.
   */
  machineSettings?: Record<string, unknown>;
  /** VSIX files installed into the private extensions folder before start. */
  installVsix?: string[];
  /** Default extension development path for `workbenchUrl` (an unpacked extension folder). */
  extensionDevelopmentPath?: string;
  /** Where the server log goes; default: inside the temporary folder (removed on stop). */
  logFile?: string;
  /**
   * Give code-server (and so the extension host) its own HOME, XDG folders and TMPDIR inside its
   * temporary folder, so nothing is written to the real home or /tmp. Default true.
   */
  isolateHome?: boolean;
  /** Extra code-server arguments. */
  args?: string[];
  /** Keep workspace trust on (default off), so that an untrusted folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  startTimeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** Environment variables for the extension host under test. */
  extensionEnvironment?: Record<string, string>;
}

export interface StopOptions {
  /** Copy the complete server log here once the server is gone. */
  saveLogTo?: string;
  /** Copy the server's VS Code logs (extension host, output channels) into this folder. */
  saveLogsDirTo?: string;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  /** 127.0.0.1:PORT, the remote authority of vscode-remote:// URIs. */
  readonly authority: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** vscode-remote://AUTHORITY/abs/path for a path on this machine. */
  remoteUri(path: string): string;
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  readLog(): string;
  stop(options?: StopOptions): Promise<void>;
}

// Keep the workbench quiet and offline: no welcome page, trust prompt, tips, updates or AI.
const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false, // one less extension starting up in every test
};

// Otherwise code-server and VS Code write logs, a device id, IPC sockets and TypeScript server
// folders into the real home and /tmp, and leave some of them behind.
function isolatedHome(tmp: string): NodeJS.ProcessEnv {
  const home = join(tmp, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(tmp, 'run'),
    TMPDIR: join(tmp, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dirs;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitForListening(logFile: string, group: ProcessGroup, timeoutMs: number): Promise<string> {
  let exitCode: number | null | undefined;
  void group.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /HTTP server listening on (http:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'));
    if (match?.[1]) return match[1];
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before listening`);
    if (Date.now() > deadline) throw new Error(`code-server did not listen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function waitHealthy(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(new URL('healthz', url));
      if (response.ok) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`${url}healthz not healthy in time`);
    await sleep(50);
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const launcher = codeServerLauncher();
  const tmp = mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-'));
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const logFile = options.logFile ?? join(tmp, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  if (options.machineSettings) {
    mkdirSync(join(userDataDir, 'Machine'));
    writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
  }
  mkdirSync(extensionsDir);
  writeFileSync(logFile, '');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}), ...options.settings }, null, 2),
  );
  const env = { ...process.env, ...(options.isolateHome === false ? {} : isolatedHome(tmp)), ...options.env };
  // --config: otherwise code-server creates ~/.config/code-server/config.yaml.
  const common = ['--config', join(tmp, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  try {
    for (const vsix of options.installVsix ?? []) {
      await promisify(execFile)(launcher, [...common, '--install-extension', vsix], { env, timeout: 120_000 });
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }

  const group = spawnGroup(
    launcher,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0', // the OS picks a free port; read back from the log
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--vscode-option', 'enable-smoke-test-driver', // else test payloads are silently ignored
      ...(options.args ?? []),
    ],
    { env, logFile, cwd: tmp, tempDir: tmp },
  );
  // Runs after the group's own exit task (registered first), which has killed the server.
  const unregisterRemoval = atExit(() => rmSync(tmp, { recursive: true, force: true }));

  const stop = async (stopOptions: StopOptions = {}): Promise<void> => {
    try {
      await group.stop();
      if (stopOptions.saveLogTo) copyFileSync(logFile, stopOptions.saveLogTo);
      const logsDir = join(userDataDir, 'logs');
      if (stopOptions.saveLogsDirTo && existsSync(logsDir)) cpSync(logsDir, stopOptions.saveLogsDirTo, { recursive: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
      unregisterRemoval();
    }
  };

  let url: string;
  try {
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    url = await waitForListening(logFile, group, timeoutMs);
    await waitHealthy(url, Date.now() + timeoutMs);
  } catch (error) {
    const log = readFileSync(logFile, 'utf8');
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${log}`);
  }
  const authority = new URL(url).host;
  const remoteUri = (path: string) => `vscode-remote://${authority}${path.split('/').map(encodeURIComponent).join('/')}`;

  return {
    url,
    authority,
    userDataDir,
    extensionsDir,
    logFile,
    remoteUri,
    workbenchUrl(urlOptions = {}) {
      const params = new URLSearchParams();
      if (urlOptions.folder) params.set('folder', urlOptions.folder);
      const developmentPath = urlOptions.extensionDevelopmentPath ?? options.extensionDevelopmentPath;
      const payload: [string, string][] = [];
      if (developmentPath) payload.push(['extensionDevelopmentPath', remoteUri(developmentPath)]);
      if (urlOptions.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(urlOptions.extensionTestsPath)]);
      if (urlOptions.extensionEnvironment) {
        payload.push(['extensionEnvironment', JSON.stringify(urlOptions.extensionEnvironment)]);
      }
      if (payload.length > 0) params.set('payload', JSON.stringify(payload));
      return `${url}?${params.toString()}`;
    },
    readLog: () => readFileSync(logFile, 'utf8'),
    stop,
  };
}
