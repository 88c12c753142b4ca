// The Test Sign-In report in a webview panel, one per credential (a new run replaces its report).
// The shared webview shell (strict CSP, one script by nonce). The page's clicks are validated
// messages; the host decides what they do.
import * as vscode from 'vscode';
import type { Log } from '../../host/log';
import { webviewHtml } from '../../host/webviewHtml';
import { parseReportMessage, type ReportMessage } from '../../shared/protocol';
import { reportBody, type ReportPage } from './reportHtml';

export const REPORT_VIEW_TYPE = 'whmcsOAuth.signInReport';

export class SignInReportPanels {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; onMessage: (message: ReportMessage) => void }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** Shows (or replaces) the report of a credential; `onMessage` gets the person's clicks. */
  show(key: string, page: ReportPage, onMessage: (message: ReportMessage) => void): vscode.WebviewPanel {
    const title = `Test Sign-In: ${page.report.credentialName || page.report.clientIdentifier}`;
    let entry = this.panels.get(key);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title, vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'whmcs.svg');
      const created = { panel, onMessage };
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseReportMessage(raw);
        if (!parsed.ok) {
          this.log.warn(`Test Sign-In report: rejected a webview message (${parsed.reason}).`);
          return;
        }
        created.onMessage(parsed.message);
      });
      panel.onDidDispose(() => this.panels.delete(key));
      this.panels.set(key, created);
      entry = created;
    }
    entry.onMessage = onMessage;
    entry.panel.title = title;
    entry.panel.webview.html = this.html(entry.panel.webview, page);
    entry.panel.reveal();
    return entry.panel;
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
  }

  private html(webview: vscode.Webview, page: ReportPage): string {
    const body = `<main id="report">\n${reportBody(page)}\n</main>`;
    return webviewHtml(webview, this.extensionUri, vscode.Uri.joinPath, { script: 'report.js', style: 'report.css', title: 'Test Sign-In', body });
  }
}
