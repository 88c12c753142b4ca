// The Test Sign-In report in a webview panel, one per credential (a new run replaces its report).
// Strict CSP: nothing by default, the one script by this render's nonce, styles from the
// extension. The page's clicks are validated messages; the host decides what they do.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Log } from '../../host/log';
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
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'report.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css'));
    const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Test Sign-In</title>
</head>
<body>
<main id="report">
${reportBody(page)}
</main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}
