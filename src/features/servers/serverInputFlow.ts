// The input flow of "Add Server" / "Edit Server": URL, label, authentication, secret (a password
// input), optional access key, and how to trust the certificate. Escape cancels at any step.
import * as vscode from 'vscode';
import { apiEndpoint, isInsecureHttp } from '../../core/whmcs/serverUrl';
import { hostOf, type AuthMode, type ServerProfile } from '../../app/serverProfile';

export interface ServerDraft {
  label?: string | undefined;
  url: string;
  auth: AuthMode;
  identifier?: string | undefined;
  username?: string | undefined;
  /** The API secret or admin password; undefined keeps the stored one (edit only). */
  secret?: string | undefined;
  /** undefined keeps the stored access key, null removes it. */
  accessKey?: string | null | undefined;
  caFile?: string | undefined;
  allowUntrustedCertificate?: boolean | undefined;
  allowInsecureHttp?: boolean | undefined;
}

const STEPS = 7;

export async function runServerInputFlow(existing?: ServerProfile, startAt: 'start' | 'accessKey' = 'start', draft?: ServerDraft): Promise<ServerDraft | undefined> {
  const title = (step: number) => `${existing ? 'Edit' : 'Add'} WHMCS Server (${step}/${STEPS})`;
  const result: ServerDraft = draft ? { ...draft } : { url: existing?.url ?? '', auth: existing?.auth ?? 'apiCredential' };

  if (startAt === 'start') {
    const url = await vscode.window.showInputBox({
      title: title(1),
      prompt: 'The WHMCS base URL, as in the browser (e.g. https://billing.example.com or https://example.com/whmcs)',
      value: result.url,
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          apiEndpoint(value);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (url === undefined) return undefined;
    result.url = url.trim();

    const label = await vscode.window.showInputBox({
      title: title(2),
      prompt: 'A name for this server in the explorer',
      value: existing?.label ?? hostOf(result.url),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'Enter a name.'),
    });
    if (label === undefined) return undefined;
    result.label = label.trim();

    const auth = await vscode.window.showQuickPick(
      [
        { label: 'API credential', description: 'recommended (WHMCS 7.2+)', detail: 'An identifier and secret from Configuration > System Settings > Manage API Credentials', mode: 'apiCredential' as AuthMode },
        { label: 'Admin login', description: 'legacy', detail: 'An admin username and password (the password is sent as its md5)', mode: 'adminLogin' as AuthMode },
      ],
      { title: title(3), placeHolder: 'How to authenticate', ignoreFocusOut: true },
    );
    if (!auth) return undefined;
    result.auth = auth.mode;

    const isApi = result.auth === 'apiCredential';
    const name = await vscode.window.showInputBox({
      title: title(4),
      prompt: isApi ? 'API identifier' : 'Admin username',
      value: (isApi ? existing?.identifier : existing?.username) ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : isApi ? 'Enter the API identifier.' : 'Enter the admin username.'),
    });
    if (name === undefined) return undefined;
    if (isApi) result.identifier = name.trim();
    else result.username = name.trim();

    const secret = await vscode.window.showInputBox({
      title: title(5),
      prompt: `${isApi ? 'API secret' : 'Admin password'}${existing ? ' (leave empty to keep the stored one)' : ''}; it goes to the OS keychain, never to settings`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value || existing ? undefined : isApi ? 'Enter the API secret.' : 'Enter the password.'),
    });
    if (secret === undefined) return undefined;
    result.secret = secret || undefined;
  }

  const keyChoice = await vscode.window.showQuickPick(
    [
      { label: 'No access key', detail: 'This address is on the API IP allow-list', choice: 'none' },
      { label: 'Enter an access key…', detail: '$api_access_key from configuration.php: lets calls through the IP allow-list', choice: 'enter' },
      ...(existing?.useAccessKey ? [{ label: 'Keep the stored access key', detail: '', choice: 'keep' }] : []),
    ],
    { title: title(6), placeHolder: 'API access key', ignoreFocusOut: true },
  );
  if (!keyChoice) return undefined;
  if (keyChoice.choice === 'none') result.accessKey = null;
  if (keyChoice.choice === 'keep') result.accessKey = undefined;
  if (keyChoice.choice === 'enter') {
    const key = await vscode.window.showInputBox({
      title: title(6),
      prompt: 'API access key',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value ? undefined : 'Enter the access key.'),
    });
    if (key === undefined) return undefined;
    result.accessKey = key;
  }

  result.allowInsecureHttp = undefined;
  if (apiEndpoint(result.url).protocol === 'http:') {
    result.caFile = undefined;
    result.allowUntrustedCertificate = undefined;
    if (!isInsecureHttp(apiEndpoint(result.url))) return result;
    const https = result.url.trim().replace(/^http:/i, 'https:');
    const transport = await vscode.window.showQuickPick(
      [
        { label: `Use ${https}`, description: 'recommended', detail: 'The secrets travel encrypted', choice: 'https' },
        { label: 'Allow plain http for this server', description: 'not recommended', detail: 'Anyone between you and the server could read the API secret and every client secret', choice: 'http' },
      ],
      { title: title(7), placeHolder: 'This address uses plain http', ignoreFocusOut: true },
    );
    if (!transport) return undefined;
    if (transport.choice === 'http') {
      result.allowInsecureHttp = true;
      return result;
    }
    result.url = https;
  }
  const trust = await vscode.window.showQuickPick(
    [
      { label: 'Verify the certificate', description: 'recommended', detail: 'Trusted by the system\'s certificate authorities', choice: 'verify' },
      { label: 'Also trust a CA certificate file…', detail: 'For an internal certificate authority (PEM file)', choice: 'ca' },
      { label: 'Accept any certificate', description: 'self-signed test servers only', detail: 'Anyone between you and the server could read the secrets', choice: 'any' },
    ],
    { title: title(7), placeHolder: 'TLS certificate', ignoreFocusOut: true },
  );
  if (!trust) return undefined;
  result.caFile = undefined;
  result.allowUntrustedCertificate = trust.choice === 'any' || undefined;
  if (trust.choice === 'ca') {
    const picked = await vscode.window.showOpenDialog({
      title: 'CA certificate (PEM)',
      canSelectMany: false,
      filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
    });
    if (!picked?.[0]) return undefined;
    result.caFile = picked[0].fsPath;
  }
  return result;
}
