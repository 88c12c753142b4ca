// Debian's chromium driven by playwright-core (Playwright's own browser downloads are not
// reachable here), headless, with a fresh profile that is deleted on close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { atExit } from './exitCleanup';
import { groupsOfProcessesWith, killGroupNow } from './processGroup';

export const chromiumPath = '/usr/bin/chromium';

// Offline and quiet: no background fetches, updates, sync or first-run UI; /dev/shm can be tiny
// in containers; root cannot use the sandbox.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--password-store=basic', // never the test keychain on the session bus: that is the extension's
];

export interface BrowserOptions {
  headless?: boolean;
  args?: string[];
  viewport?: { width: number; height: number };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  /** The first tab, already open. */
  readonly page: Page;
  /**
   * Closes chromium, then deletes its profile; `inspect` sees the profile in between (where
   * code-server's workbench keeps global, workspace and webview state, in IndexedDB).
   */
  close(inspect?: (profileDir: string) => void): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-chromium-'));
  let context: BrowserContext;
  try {
    // Playwright starts chromium in its own process group and kills it on close and on exit;
    // chromium also quits when its DevTools pipe to this process closes (even on SIGKILL).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: options.headless ?? true,
      chromiumSandbox: false,
      args: [...chromiumArgs, ...(options.args ?? [])],
      viewport: options.viewport ?? { width: 1280, height: 800 },
      // Signals are handled by exitCleanup.ts, which also ends the servers and lets the process
      // die; Playwright's handlers would keep it alive after SIGTERM.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Chromium keeps crash reports and a dconf cache under the home folder even with its own
      // profile: point those into the profile, which is deleted on close.
      env: {
        ...process.env,
        HOME: profile,
        XDG_CONFIG_HOME: join(profile, '.config'),
        XDG_CACHE_HOME: join(profile, '.cache'),
        TMPDIR: profile,
      },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  // On an interrupted run: end this chromium (found by its unique profile path) before removing
  // its profile, rather than leave that to Playwright's own, later, signal handling.
  const unregisterRemoval = atExit(() => {
    for (const pgid of groupsOfProcessesWith(profile)) killGroupNow(pgid);
    removeProfile();
  });
  let closing: Promise<void> | undefined;
  const close = (inspect?: (profileDir: string) => void) =>
    (closing ??= context
      .close()
      .then(() => inspect?.(profile))
      .finally(() => {
        removeProfile();
        unregisterRemoval();
      }));
  try {
    return { context, page: context.pages()[0] ?? (await context.newPage()), close };
  } catch (error) {
    await close();
    throw error;
  }
}
