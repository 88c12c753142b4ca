// The HTML shell of the update form: a strict Content Security Policy (nothing by default;
// scripts only with this render's nonce; styles, fonts and images only from the extension), the
// stylesheet and the bundled script. No data goes into the HTML: it arrives by message.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export function formHtml(webview: vscode.Webview, extensionUri: vscode.Uri, joinPath: (base: vscode.Uri, ...parts: string[]) => vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview', 'form.js'));
  const style = webview.asWebviewUri(joinPath(extensionUri, 'media', 'form.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Update OAuth Credential</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
