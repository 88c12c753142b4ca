// Runs an extension test module (`export async function run()`, as for @vscode/test-electron)
// inside the real Node extension host of code-server, driven by a headless browser. The
// workbench's smoke-test driver loads the module from the URL payload and reports its outcome
// through window.codeAutomationExit, and the extension host's log through codeAutomationLog.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, normalize } from 'node:path';
import { launchBrowser, type BrowserSession } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { atExit } from './exitCleanup';
import { assertNoWorkbenchLeaks } from './leaks';
import { SECRETS_FILE_VARIABLE } from './testSecrets';
import { artifactPath, serverLogArtifacts } from './paths';

export interface ExtensionTestOptions {
  /** The extension folder (with package.json), loaded as a development extension. */
  extensionPath: string;
  /** The built CommonJS test module. */
  testsModulePath: string;
  /** Default: a new empty temporary folder. */
  workspaceFolder?: string;
  /** Environment variables for the extension host (they travel in the workbench URL: no secrets). */
  env?: Record<string, string>;
  /**
   * Secrets for the test module, read with secretFromTestProcess(): written to a private file
   * outside VS Code's folders, because code-server keeps the last workbench URL in its user data.
   */
  secrets?: Record<string, string>;
  /** User settings. */
  settings?: Record<string, unknown>;
  /** For the whole run, from starting code-server to run() settling. Default 120 s. */
  timeoutMs?: number;
  /** Names the artifacts; default: the test module's file name. */
  name?: string;
  /** Looks at the folders the workbench wrote (code-server's and the browser's) before they are deleted. */
  inspectUserData?: (dirs: { userData: string; browserProfile: string }) => void;
}

export interface ExtensionTestResult {
  /** What the module's run() settled with: 0 when it resolved. */
  exitCode: number;
  /** The workbench and extension host log lines, as `[level] message`. */
  log: string;
  /** Files saved under test-artifacts/ when the run failed. */
  artifacts: string[];
}

interface LogFile {
  relativePath: string;
  contents: string;
}

interface Exit {
  code: number;
  logs: LogFile[];
}

async function saveArtifacts(
  name: string,
  browser: BrowserSession | undefined,
  lines: string[],
  logs: LogFile[],
): Promise<string[]> {
  const saved: string[] = [];
  if (browser) {
    const path = artifactPath(`${name}.png`);
    try {
      await browser.page.screenshot({ path, timeout: 10_000 });
      saved.push(path);
    } catch {
      // a crashed page has nothing to show
    }
  }
  const consolePath = artifactPath(`${name}.console.log`);
  writeFileSync(consolePath, lines.join('\n') + '\n');
  saved.push(consolePath);
  const logsDir = artifactPath(`${name}-workbench-logs`);
  for (const log of logs) {
    const path = join(logsDir, normalize(log.relativePath).replace(/^(\.\.[/\\])+/, ''));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, log.contents);
    saved.push(path);
  }
  return saved;
}

export async function runExtensionTests(options: ExtensionTestOptions): Promise<ExtensionTestResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const name = options.name ?? basename(options.testsModulePath, extname(options.testsModulePath));
  const ownFolder = options.workspaceFolder ? undefined : mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-workspace-'));
  const folder = options.workspaceFolder ?? ownFolder;
  const unregisterFolder = ownFolder ? atExit(() => rmSync(ownFolder, { recursive: true, force: true })) : undefined;
  const secretsDir = mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-secrets-'));
  const unregisterSecrets = atExit(() => rmSync(secretsDir, { recursive: true, force: true }));
  const secretsFile = join(secretsDir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify(options.secrets ?? {}), { mode: 0o600 });
  const lines: string[] = [];
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failed = false;
  try {
    try {
      server = await startCodeServer(options.settings ? { settings: options.settings } : {});
      browser = await launchBrowser();
      const { page } = browser;
      let settle!: { resolve: (exit: Exit) => void; reject: (error: Error) => void };
      const exited = new Promise<Exit>((resolve, reject) => (settle = { resolve, reject }));
      exited.catch(() => undefined); // only awaited once the page has loaded
      // Both are exposed before the workbench loads: it looks them up when it needs them.
      await page.exposeFunction('codeAutomationExit', (code: number, logs?: LogFile[]) =>
        settle.resolve({ code, logs: logs ?? [] }),
      );
      await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
        const line = `[${level}] ${String(message)}`;
        lines.push(line);
        if (process.env.WHMCS_OAUTH_E2E_VERBOSE) console.error(line);
      });
      page.once('crash', () => settle.reject(new Error('the workbench page crashed')));
      timer = setTimeout(
        () => settle.reject(new Error(`extension tests did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      await page.goto(
        server.workbenchUrl({
          ...(folder ? { folder } : {}),
          extensionDevelopmentPath: options.extensionPath,
          extensionTestsPath: options.testsModulePath,
          extensionEnvironment: { ...options.env, [SECRETS_FILE_VARIABLE]: secretsFile },
        }),
        { timeout: timeoutMs },
      );
      const exit = await exited;
      const artifacts: string[] = [];
      if (exit.code !== 0) {
        failed = true;
        artifacts.push(...(await saveArtifacts(name, browser, lines, exit.logs)), ...Object.values(serverLogArtifacts(name)));
      }
      // Closing the browser lets the workbench write its state; then both folders are searched.
      const userData = server.userDataDir;
      await browser.close((browserProfile) => {
        assertNoWorkbenchLeaks([userData, browserProfile]);
        options.inspectUserData?.({ userData, browserProfile });
      });
      return { exitCode: exit.code, log: lines.join('\n'), artifacts };
    } catch (error) {
      failed = true;
      const artifacts = await saveArtifacts(name, browser, lines, []);
      if (server) artifacts.push(...Object.values(serverLogArtifacts(name)));
      throw new Error(`${(error as Error).message} (artifacts: ${artifacts.join(', ')})`, { cause: error });
    }
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server?.stop(failed ? serverLogArtifacts(name) : {});
    if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
    unregisterFolder?.();
    rmSync(secretsDir, { recursive: true, force: true });
    unregisterSecrets();
  }
}
