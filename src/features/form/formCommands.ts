// "WHMCS: Update OAuth Credential..." from the palette (with quick picks) and the tree (inline
// edit action), and the serializer that restores open forms after a reload.
import * as vscode from 'vscode';
import { ownNode, type ExplorerDeps } from '../explorer/explorerDeps';
import { pickCredential, targetOfNode } from '../explorer/picks';
import { showError } from '../../host/notify';
import { FORM_VIEW_TYPE, UpdateFormPanels, type FormObserver, type TestSignIn } from './updateFormPanel';

export function registerFormCommands(
  deps: ExplorerDeps,
  extensionUri: vscode.Uri,
  /** The form's Test Sign-In button (the sign-in feature's, composed in extension.ts). */
  testSignIn: TestSignIn,
  /** Only in the extension's own test build (src/testing/formProbe.ts). */
  observer?: FormObserver,
): { panels: UpdateFormPanels; disposables: vscode.Disposable[] } {
  const panels = new UpdateFormPanels(deps, extensionUri, testSignIn, observer);
  const load = (serverId: string) => deps.state.ensureLoaded(serverId);
  const disposables = [
    vscode.window.registerWebviewPanelSerializer(FORM_VIEW_TYPE, panels),
    { dispose: () => panels.dispose() },
    vscode.commands.registerCommand('whmcsOAuth.updateCredential', async (argument?: unknown) => {
      try {
        const node = ownNode(deps, 'whmcsOAuth.updateCredential', argument);
        const target = targetOfNode(deps.state, node) ?? (node ? undefined : await pickCredential(deps.state, load, 'Update OAuth Credential'));
        if (!target) return undefined;
        return panels.open({ serverId: target.server.profile.id, credentialId: target.credential.credentialId });
      } catch (error) {
        showError(deps.log, 'Could not open the update form', error);
        return undefined;
      }
    }),
  ];
  return { panels, disposables };
}
