// Serves the update form as the extension host builds it (formHtml: its CSP, nonce and skeleton)
// with the production bundle and stylesheet, plus the theme VS Code would inject, and drives it in
// Debian's Chromium with a fake acquireVsCodeApi that records what the page posts. Framed like a
// real webview: the form runs in the 'active-frame' iframe of an outer page on the same origin,
// the host's messages are posted by that outer page, and the form's window.parent is itself (as
// VS Code's pre/index.html sets it).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type * as vscode from 'vscode';
import { formHtml } from '../../src/features/form/formHtml';
import type { FormMessage, HostMessage } from '../../src/shared/protocol';

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
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(body);
    };
    if (url.pathname === '/webview.html') {
      send(200, 'text/html; charset=utf-8', outerFrameHtml(url.searchParams.get('theme') === 'dark' ? 'dark' : 'light'));
    } else if (url.pathname === '/form.html') {
      // On top of the form's own CSP: every string that reaches an HTML parser passes the page's
      // default Trusted Types policy, which records it (see FAKE_VSCODE_API).
      send(200, 'text/html; charset=utf-8', pageHtml(origin, url.searchParams.get('theme') === 'dark' ? 'dark' : 'light'), {
        'content-security-policy': "require-trusted-types-for 'script'",
      });
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

/**
 * The webview's outer frame: holds the form in its active frame, as VS Code's pre/index.html does
 * (without its sandbox attribute: with allow-same-origin it changes nothing here, and Chromium
 * warns about it in the console the tests check).
 */
function outerFrameHtml(theme: Theme): string {
  return `<!DOCTYPE html>
<html><head><style>html, body { margin: 0; height: 100%; overflow: hidden; } iframe { display: block; border: 0; width: 100%; height: 100%; }</style></head>
<body><iframe id="active-frame" title="Update OAuth Credential" allow="clipboard-read; clipboard-write;" src="/form.html?theme=${theme}"></iframe></body></html>`;
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
 * helpers that do not exist in the page. Also records, as it happens, every string the page hands
 * an HTML parser (innerHTML, insertAdjacentHTML, DOMParser, createContextualFragment…): host text
 * parsed as HTML is seen when it is parsed, not when some image it made fails to load.
 */
const FAKE_VSCODE_API = `(() => {
  if (location.pathname !== '/form.html') return;
  const posted = [];
  const violations = [];
  const parsedHtml = [];
  let acquired = false;
  window.__posted = posted;
  window.__cspViolations = violations;
  window.__parsedHtml = parsedHtml;
  trustedTypes.createPolicy('default', {
    createHTML: (html) => (parsedHtml.push(String(html)), html),
    createScript: (script) => script,
    createScriptURL: (url) => url,
  });
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
  // What VS Code does after defining the API: the page cannot reach its frames by name.
  window.parent = window;
  window.top = window;
  window.frameElement = null;
})();`;

export interface FormPage {
  /** The form's document (the webview's active frame): locators and evaluate run in it. */
  readonly page: Frame;
  /** The browser tab with the outer frame: keyboard, reload, viewport, screenshots. */
  readonly tab: Page;
  readonly context: BrowserContext;
  /** Dialogs (alert, confirm…) the page opened. */
  readonly dialogs: string[];
  /** Console errors and warnings. */
  readonly console: string[];
  posted(): Promise<FormMessage[]>;
  /** Messages posted of one type. */
  postedOf<T extends FormMessage['type']>(type: T): Promise<Array<Extract<FormMessage, { type: T }>>>;
  /** Posts a message the way VS Code's outer frame forwards the host's: into the active frame. */
  send(message: HostMessage): Promise<void>;
  /** Reloads the tab (the whole webview) and waits for the form to say ready again. */
  reload(): Promise<void>;
  cspViolations(): Promise<string[]>;
  /** Every string the page handed an HTML parser so far (Lit's own templates excepted). */
  parsedHtml(): Promise<string[]>;
  storedState(): Promise<unknown>;
  close(): Promise<void>;
}

export async function openForm(browser: Browser, server: FixtureServer, theme: Theme = 'light'): Promise<FormPage> {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, colorScheme: theme });
  const tab = await context.newPage();
  const dialogs: string[] = [];
  const consoleMessages: string[] = [];
  tab.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  tab.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleMessages.push(`${message.type()}: ${message.text()}`);
  });
  tab.on('pageerror', (error) => consoleMessages.push(`pageerror: ${error.message}`));
  await tab.addInitScript({ content: FAKE_VSCODE_API });
  let page = await loadWebview(tab, `${server.origin}/webview.html?theme=${theme}`);
  const form: FormPage = {
    get page() {
      return page;
    },
    tab,
    context,
    dialogs,
    console: consoleMessages,
    posted: () => page.evaluate(() => (window as unknown as { __posted: FormMessage[] }).__posted),
    postedOf: async (type) => (await form.posted()).filter((m) => m.type === type) as never,
    send: (message) =>
      tab.evaluate((m) => {
        const frame = document.getElementById('active-frame') as HTMLIFrameElement;
        frame.contentWindow?.postMessage(m, window.origin);
      }, message),
    reload: async () => {
      page = await loadWebview(tab, undefined);
    },
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    parsedHtml: () => page.evaluate(() => (window as unknown as { __parsedHtml: string[] }).__parsedHtml),
    storedState: () => page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') as unknown),
    close: () => context.close(),
  };
  return form;
}

/** Opens (or, without a URL, reloads) the outer frame; resolves with the form's frame once it said ready. */
async function loadWebview(tab: Page, url: string | undefined): Promise<Frame> {
  await (url === undefined ? tab.reload() : tab.goto(url));
  const frame = await (await tab.locator('#active-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the webview has no active frame');
  await frame.waitForFunction(() => ((window as unknown as { __posted?: unknown[] }).__posted?.length ?? 0) > 0, undefined, { timeout: 15_000 });
  return frame;
}
