// The short input flow of "Create OAuth Credential": grant type, name or service ID, scopes
// (the standard ones and those the server already uses, plus any typed in), redirect URIs.
// Validated like the server validates, before anything is sent.
import * as vscode from 'vscode';
import type { CreateCredentialInput } from '../../core/whmcs/oauthCredentials';
import { STANDARD_SCOPES, type GrantType } from '../../core/whmcs/types';
import { parseScopes, validateCredentialFields } from '../../core/whmcs/validation';
import { notify } from '../../host/notify';

const TITLE = 'Create OAuth Credential';

export async function runCreateCredentialFlow(knownScopes: readonly string[]): Promise<CreateCredentialInput | undefined> {
  const grant = await vscode.window.showQuickPick(
    [
      { label: 'Authorization code', description: 'authorization_code', detail: 'An application signs users in with OAuth 2.0', value: 'authorization_code' as GrantType },
      { label: 'Single sign-on', description: 'single_sign_on', detail: 'Sign-on into the client area for a product or service', value: 'single_sign_on' as GrantType },
    ],
    { title: `${TITLE} (1/4)`, placeHolder: 'Grant type' },
  );
  if (!grant) return undefined;
  const grantType = grant.value;

  const name = await vscode.window.showInputBox({
    title: `${TITLE} (2/4)`,
    prompt: grantType === 'authorization_code' ? 'Name (required): shown to users when they authorise' : 'Name (optional)',
    validateInput: (value) =>
      grantType === 'authorization_code' && !value.trim() ? 'A name for the Client Credential is required.' : undefined,
  });
  if (name === undefined) return undefined;

  let serviceId = 0;
  if (grantType === 'single_sign_on') {
    const text = await vscode.window.showInputBox({
      title: `${TITLE} (2/4)`,
      prompt: 'Service ID: the product or service this single sign-on is for',
      validateInput: (value) => (/^\s*[1-9]\d*\s*$/.test(value) ? undefined : 'A service ID is required for the single sign-on grant type.'),
    });
    if (text === undefined) return undefined;
    serviceId = Number.parseInt(text, 10);
  }

  const offered = [...new Set([...STANDARD_SCOPES, ...knownScopes])];
  const chosen = await vscode.window.showQuickPick(
    offered.map((scope) => ({ label: scope, picked: grantType === 'single_sign_on' && scope === 'clientarea:sso' })),
    { title: `${TITLE} (3/4)`, placeHolder: 'Scopes (more can be typed in the next step)', canPickMany: true },
  );
  if (!chosen) return undefined;
  const extra = await vscode.window.showInputBox({
    title: `${TITLE} (3/4)`,
    prompt: 'Other scopes, separated by spaces (optional; the server decides whether it knows them)',
    validateInput: (value) =>
      chosen.length === 0 && parseScopes(value).length === 0 ? 'At least one valid scope is required.' : undefined,
  });
  if (extra === undefined) return undefined;
  const scopes = [...new Set([...chosen.map((item) => item.label), ...parseScopes(extra)])];

  const redirects = await vscode.window.showInputBox({
    title: `${TITLE} (4/4)`,
    prompt: 'Redirect URIs, separated by spaces (optional)',
    placeHolder: 'https://app.example.com/oauth/callback',
  });
  if (redirects === undefined) return undefined;
  const redirectUris = redirects.split(/\s+/).filter(Boolean);

  const input = { grantType, name: name.trim(), scopes, serviceId, redirectUris } satisfies CreateCredentialInput;
  const problems = validateCredentialFields({ ...input, description: '', logoUri: '' });
  if (problems[0]) {
    void notify('error', problems[0].message);
    return undefined;
  }
  return input;
}
