// The HTML shell of every webview page: a strict Content Security Policy (nothing by default;
// scripts only with this render's nonce, from the extension; styles, and where a page asks for
// them fonts and images, only from the extension), one stylesheet and one bundled script.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export type JoinPath = (base: vscode.Uri, ...parts: string[]) => vscode.Uri;

export interface WebviewPage {
  /** File names under dist/webview/ and media/. */
  script: string;
  style: string;
  title: string;
  /** Trusted markup only: whatever came from a server or a person is escaped by the caller. */
  body: string;
  /** Fonts and images from the extension too (the form's VS Code Elements need them). */
  fontsAndImages?: boolean;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, joinPath: JoinPath, page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview', page.script));
  const style = webview.asWebviewUri(joinPath(extensionUri, 'media', page.style));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    ...(page.fontsAndImages ? [`font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
