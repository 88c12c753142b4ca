// Serves the update form as the extension host builds it (formHtml: its CSP, nonce and skeleton)
// with the production bundle and stylesheet, plus the theme VS Code would inject, and drives it in
// Debian's Chromium with a fake acquireVsCodeApi that records what the page posts.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type * as vscode from 'vscode';
import { formHtml } from '../../src/form/formHtml';
import type { FormMessage, HostMessage } from '../../src/form/protocol';

const root = join(__dirname, '..', '..');

/** The only files the page may load, and their types. */
const FILES: Record<string, { path: string; type: string }> = {
  '/dist/webview/form.js': { path: join(root, 'dist', 'webview', 'form.js'), type: 'text/javascript' },
  '/media/form.css': { path: join(root, 'media', 'form.css'), type: 'text/css' },
  '/fixture/theme.css': { path: join(__dirname, 'fixture', 'theme.css'), type: 'text/css' },
};

export type Theme = 'light' | 'dark';

export interface FixtureServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const file = FILES[url.pathname];
    const send = (status: number, type: string, body: string | Buffer): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/form.html') {
      send(200, 'text/html; charset=utf-8', pageHtml(origin, url.searchParams.get('theme') === 'dark' ? 'dark' : 'light'));
    } else if (url.pathname === '/favicon.ico') {
      send(204, 'image/x-icon', '');
    } else if (file) {
      readFile(file.path).then((body) => send(200, file.type, body), () => send(500, 'text/plain', 'unreadable'));
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The host's own HTML, with what VS Code adds to every webview: the theme class and variables. */
function pageHtml(origin: string, theme: Theme): string {
  const uri = (path: string): vscode.Uri => ({ toString: () => `${origin}/${path}` }) as vscode.Uri;
  const webview = { cspSource: origin, asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;
  const html = formHtml(webview, uri(''), (_base, ...parts) => uri(parts.join('/')));
  return html
    .replace('<body>', `<body class="vscode-${theme}" data-vscode-theme-kind="vscode-${theme}">`)
    .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/fixture/theme.css">\n<link rel="stylesheet"`);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * Runs in the page before its scripts: VS Code's API, backed by sessionStorage so the state
 * survives a reload like a webview's. A string, because the test's compiled functions may use
 * helpers that do not exist in the page.
 */
const FAKE_VSCODE_API = `(() => {
  const posted = [];
  const violations = [];
  let acquired = false;
  window.__posted = posted;
  window.__cspViolations = violations;
  document.addEventListener('securitypolicyviolation', (event) =>
    violations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sample));
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called only once');
    acquired = true;
    return {
      postMessage: (message) => posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const saved = sessionStorage.getItem('vscodeState');
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState: (state) => sessionStorage.setItem('vscodeState', JSON.stringify(state)),
    };
  };
})();`;

export interface FormPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Dialogs (alert, confirm…) the page opened. */
  readonly dialogs: string[];
  /** Console errors and warnings. */
  readonly console: string[];
  posted(): Promise<FormMessage[]>;
  /** Messages posted of one type. */
  postedOf<T extends FormMessage['type']>(type: T): Promise<Array<Extract<FormMessage, { type: T }>>>;
  send(message: HostMessage): Promise<void>;
  cspViolations(): Promise<string[]>;
  storedState(): Promise<unknown>;
  close(): Promise<void>;
}

export async function openForm(browser: Browser, server: FixtureServer, theme: Theme = 'light'): Promise<FormPage> {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, colorScheme: theme });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const consoleMessages: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleMessages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleMessages.push(`pageerror: ${error.message}`));
  await page.addInitScript({ content: FAKE_VSCODE_API });
  await page.goto(`${server.origin}/form.html?theme=${theme}`);
  const form: FormPage = {
    page,
    context,
    dialogs,
    console: consoleMessages,
    posted: () => page.evaluate(() => (window as unknown as { __posted: FormMessage[] }).__posted),
    postedOf: async (type) => (await form.posted()).filter((m) => m.type === type) as never,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    storedState: () => page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') as unknown),
    close: () => context.close(),
  };
  return form;
}
