import * as vscode from 'vscode';

// Wiring only: the explorer, the form and the WHMCS client are registered by their own modules,
// which load undici and the keyring on first use so that activation stays cheap.
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('WHMCS OAuth', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('whmcsOAuth.showLog', () => log.show()),
  );
}

export function deactivate(): void {}
