// A workbench for UI tests: code-server with the extension loaded as a development extension,
// and a browser showing it. On failure the screenshot and the server log go to test-artifacts/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { atExit } from './exitCleanup';
import { assertNoWorkbenchLeaks } from './leaks';
import { artifactPath, serverLogArtifacts } from './paths';
import { openWorkbench } from './workbench';

export interface WorkbenchSessionOptions {
  /** The unpacked extension to load as a development extension (unless installVsix is given). */
  extensionPath: string;
  /** Install this packaged extension (or these) instead: what users install. */
  installVsix?: string | string[];
  /** Default: a new empty temporary folder. */
  folder?: string;
  settings?: Record<string, unknown>;
  /** Machine-scoped settings (see CodeServerOptions.machineSettings). */
  machineSettings?: Record<string, unknown>;
  /** Environment variables for the extension host. */
  env?: Record<string, string>;
  /** Workspace trust on: an untrusted folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /**
   * Environment variables for code-server itself, which every extension host inherits: the only
   * way to reach installed (Production mode) extensions, which ignore `env`.
   */
  serverEnv?: Record<string, string>;
  /** Let the page use the clipboard from the start (extensions read and write it through the page). */
  grantClipboard?: boolean;
}

export interface WorkbenchSession {
  readonly server: CodeServer;
  readonly browser: BrowserSession;
  readonly page: Page;
  readonly folder: string;
}

/**
 * Runs `fn` against a freshly opened workbench. Everything is stopped afterwards; when `fn`
 * throws, test-artifacts/ gets <name>.png, the browser console, and the server's logs first.
 */
export async function withWorkbench<T>(
  name: string,
  options: WorkbenchSessionOptions,
  fn: (session: WorkbenchSession) => Promise<T>,
): Promise<T> {
  const ownFolder = options.folder ? undefined : mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-workspace-'));
  const folder = options.folder ?? (ownFolder as string);
  const unregisterFolder = ownFolder ? atExit(() => rmSync(ownFolder, { recursive: true, force: true })) : undefined;
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let failed = false;
  const consoleLines: string[] = [];
  try {
    server = await startCodeServer({
      ...(options.installVsix ? { installVsix: [options.installVsix].flat() } : { extensionDevelopmentPath: options.extensionPath }),
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.machineSettings ? { machineSettings: options.machineSettings } : {}),
      ...(options.workspaceTrust ? { workspaceTrust: true } : {}),
      ...(options.serverEnv ? { env: options.serverEnv } : {}),
    });
    browser = await launchBrowser();
    if (options.grantClipboard) {
      await browser.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    }
    browser.page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    await openWorkbench(browser.page, server, {
      folder,
      ...(options.env ? { extensionEnvironment: options.env } : {}),
    });
    const result = await fn({ server, browser, page: browser.page, folder });
    // Closing the browser lets the workbench write its state; then both folders are searched.
    const userData = server.userDataDir;
    await browser.close((browserProfile) => assertNoWorkbenchLeaks([userData, browserProfile]));
    return result;
  } catch (error) {
    failed = true;
    if (browser) {
      await browser.page.screenshot({ path: artifactPath(`${name}.png`), timeout: 10_000 }).catch(() => undefined);
      writeFileSync(artifactPath(`${name}.browser-console.log`), consoleLines.join('\n') + '\n');
    }
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop(failed ? serverLogArtifacts(name) : {});
    if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
    unregisterFolder?.();
  }
}
