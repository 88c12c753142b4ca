// The update form's page: the shared webview shell with the form's bundle. No data goes into the
// HTML: it arrives by message.
import type * as vscode from 'vscode';
import { webviewHtml, type JoinPath } from '../../host/webviewHtml';

export function formHtml(webview: vscode.Webview, extensionUri: vscode.Uri, joinPath: JoinPath): string {
  return webviewHtml(webview, extensionUri, joinPath, {
    script: 'form.js',
    style: 'form.css',
    title: 'Update OAuth Credential',
    body: '<main id="app" aria-live="polite"></main>',
    fontsAndImages: true,
  });
}
