// Playwright helpers for the VS Code workbench served by code-server. Selectors follow the
// workbench DOM of VS Code 1.139 (code-server 4.139.1).
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { artifactPath } from './paths';

export interface OpenWorkbenchOptions {
  /** The workspace folder to open. */
  folder: string;
  /** Load this unpacked extension as a development extension (default: the server's). */
  extensionDevelopmentPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cssString = (text: string) => JSON.stringify(text); // a valid CSS string literal too

/** Opens the workbench for a folder and waits until it has rendered. */
export async function openWorkbench(page: Page, server: CodeServer, options: OpenWorkbenchOptions): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await page.goto(
    server.workbenchUrl({
      folder: options.folder,
      ...(options.extensionDevelopmentPath ? { extensionDevelopmentPath: options.extensionDevelopmentPath } : {}),
      ...(options.extensionEnvironment ? { extensionEnvironment: options.extensionEnvironment } : {}),
    }),
    { timeout },
  );
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
}

/**
 * Runs a command by its palette title ("Category: Title") through F1. Extension commands appear
 * in the palette only once the extension host has registered them, so the query is re-run until
 * a row with exactly that label shows up.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000, options: { asksAtOnce?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .first();
  // A modal that is still closing hands the focus back when it goes, which would close the
  // palette opened under it (seen on a loaded machine): start once no dialog is left.
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: timeoutMs });
  await page.keyboard.press('F1');
  await input.waitFor({ timeout: timeoutMs });
  for (;;) {
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 2000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no command "${title}" in the command palette`, { cause: error });
      await input.fill('>'); // the palette lists commands anew on the next query
      await sleep(250);
    }
  }
  // Accept with the keyboard, as a person would, once that row has the focus (it usually comes
  // first; the list can still reorder while other commands register).
  const focused = widget.locator('.monaco-list-row.focused .label-name').first();
  for (let moves = 0; (await focused.textContent({ timeout: 2000 }).catch(() => null)) !== title; moves++) {
    if (moves >= 50 || Date.now() > deadline) throw new Error(`could not select "${title}" in the command palette`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  // A command that asks something at once (an input box, a quick pick) reuses the widget.
  // At least 10 s of its own, whatever finding the row took: closing is a step of its own.
  if (!options.asksAtOnce) await widget.waitFor({ state: 'hidden', timeout: Math.max(10_000, deadline - Date.now()) });
}

/** The message element of a notification toast containing `text`, once visible. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const message = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
  await message.waitFor({ timeout: timeoutMs });
  return message;
}

/** Clicks an activity bar entry by its title ("Explorer", or an extension's view container). */
export async function clickActivityBarItem(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  // The label carries the keybinding, if any: "Explorer (Ctrl+Shift+E)".
  const item = page
    .locator(
      `.part.activitybar a.action-label[aria-label=${cssString(title)}],` +
        `.part.activitybar a.action-label[aria-label^=${cssString(`${title} (`)}]`,
    )
    .first();
  await item.click({ timeout: timeoutMs });
}

/** The content frame of the active webview (VS Code nests it inside a host iframe). */
export function webviewFrame(page: Page, nth = 0): FrameLocator {
  return page.locator('iframe.webview').nth(nth).contentFrame().locator('#active-frame').contentFrame();
}

/** Saves a full-window screenshot as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = artifactPath(`${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Waits until the Output panel is showing the channel `name`. */
export async function waitForOutputChannel(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    (channel) =>
      Array.from(document.querySelectorAll<HTMLSelectElement>('.part.panel select[aria-label="Switch Output"]')).some(
        (select) => select.value === channel && select.offsetParent !== null,
      ),
    name,
    { timeout: timeoutMs },
  );
}
