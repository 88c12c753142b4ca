// Changing a setting of the extension the way a test can rely on: the promise of update() may
// settle before the extension host has applied the change, so the change event is awaited (it is
// listened for first: it may come before update() settles).
import * as vscode from 'vscode';
import { withinSeconds } from './steps';

/**
 * Sets whmcsOAuth.<key> and resolves once VS Code announced the change; the extension's own
 * listener was registered at activation, before this one, so it has run by then. The value must
 * differ from the current one (an unchanged setting announces nothing).
 */
export async function updateSetting(key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<void>((resolve) => {
    subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`whmcsOAuth.${key}`)) resolve();
    });
  });
  try {
    await vscode.workspace.getConfiguration('whmcsOAuth').update(key, value, target);
    await withinSeconds(changed, 15, `no change of whmcsOAuth.${key} was announced`);
  } finally {
    subscription?.dispose();
  }
}
