// WHMCS: Test Sign-In: which scopes, the loopback redirect URI (registered for the test only after
// the person agrees, removed afterwards, the removal remembered until it succeeded), the client
// secret (from a secret store, or the live one after a confirmation; never shown, logged or kept),
// then the sign-in in the person's browser under a cancellable progress, and the report.
import * as vscode from 'vscode';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import type { OAuthCredential } from '../../core/whmcs/types';
import type { SignInReport, SignInStep } from '../../core/oidc/signInReport';
import type { SignInRedirects, TestRedirect } from '../../app/signInRedirects';
import { loadOidc } from '../../host/lazyOidc';
import { notify, showError } from '../../host/notify';
import { withCancellableProgress } from '../../host/progress';
import type { ExplorerDeps } from '../explorer/explorerDeps';
import type { CredentialTarget } from '../explorer/picks';
import { quoteText } from '../explorer/resetQuestion';
import { credentialLabel } from '../explorer/treeModel';

/** How long the browser sign-in may take before the test gives up. */
export const SIGN_IN_WAIT_MS = 5 * 60_000;

export interface SignInDeps extends ExplorerDeps {
  redirects: SignInRedirects;
}

export interface SignInRun {
  /** Scopes besides openid, profile and email; asked for when undefined. */
  extraScopes?: readonly string[];
}

/** Runs one Test Sign-In; undefined when the person stopped before it started. */
export async function runTestSignIn(deps: SignInDeps, target: CredentialTarget, run: SignInRun = {}): Promise<{ report: SignInReport; extraScopes: readonly string[] } | undefined> {
  const oidc = loadOidc();
  const { server } = target;
  let credential = target.credential;
  const signsIn = credential.grantTypes.includes('authorization_code') || credential.grantType === 'authorization_code';
  const extraScopes = signsIn ? (run.extraScopes ?? (await pickExtraScopes(credential, oidc.BASE_SCOPES))) : [];
  if (!extraScopes) return undefined;

  const port = await portFor(deps.redirects, server.profile.id, credential, oidc);
  const redirectUri = oidc.loopbackRedirectUri(port);
  // Only for registering the URI and the live secret: a credential that cannot sign in needs none.
  const api = () => deps.connections.api(server.profile);

  let registered: TestRedirect | undefined;
  if (signsIn && credential.redirectUris.length > 0 && !credential.redirectUris.includes(redirectUri)) {
    const register = await deps.prompts.confirm(
      `Register ${redirectUri} on ${quoteText(credentialLabel(credential))} for this test?`,
      `WHMCS sends the browser back only to a registered redirect URI, and this one is not among the ${credential.redirectUris.length} registered. It is added through UpdateOAuthCredential and removed again when the test ends; nothing else changes.`,
      'Register for This Test',
    );
    if (register) {
      registered = { serverId: server.profile.id, credentialId: credential.credentialId, uri: redirectUri };
      // Remembered first: whatever happens next, the removal is retried until it succeeds.
      await deps.redirects.rememberToRemove(registered);
      try {
        credential = (await oidc.addRedirectUri(await api(), credential, redirectUri)).credential;
      } catch (error) {
        await removeTestRedirect(deps, registered);
        throw error;
      }
      deps.log.info(`Registered ${redirectUri} on credential ${credential.credentialId} for a Test Sign-In.`);
      void deps.state.reload(server.profile.id);
    }
  }

  try {
    const clientSecret = signsIn ? await clientSecretFor(deps, target, api) : '';
    const report = await withSignInProgress(credential, (signal, onStep) =>
      deps.connections.transport(server.profile).then((transport) =>
        oidc.runSignInTest({
          credential,
          serverUrl: server.profile.url,
          clientSecret,
          redirectUri,
          extraScopes: [...extraScopes],
          transport,
          allowInsecureHttp: server.profile.allowInsecureHttp ?? false,
          signal,
          waitMs: SIGN_IN_WAIT_MS,
          onStep,
          openAuthorizeUrl: async (url) => {
            const page = new URL(url);
            deps.log.info(`Test Sign-In of credential ${credential.credentialId}: opening ${page.origin}${page.pathname} in the browser.`);
            const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
            if (!opened) void notify('warning', 'The browser was not opened: the sign-in waits until it times out or is cancelled. Run the test again to open it.');
          },
        }),
      ),
    );
    deps.log.info(`Test Sign-In of credential ${credential.credentialId}: ${report.passed ? 'passed' : `failed (${report.failure?.code ?? 'unknown'})`} in ${report.totalMs} ms.`);
    return { report, extraScopes };
  } finally {
    if (registered) await removeTestRedirect(deps, registered);
  }
}

/** Removes a redirect URI registered for a test; a failure is kept, said, and retried later. */
export async function removeTestRedirect(deps: SignInDeps, redirect: TestRedirect): Promise<void> {
  try {
    await removeOne(deps, redirect);
    await deps.redirects.removed(redirect);
  } catch (error) {
    showError(deps.log, `Could not remove the redirect URI ${redirect.uri} registered for the test (it is retried at the next start and the next test)`, error);
  }
}

/** Retries every remembered removal (at activation and before each test). */
export async function removeRemainingTestRedirects(deps: SignInDeps): Promise<void> {
  const failures = await deps.redirects.removeAll((redirect) => removeOne(deps, redirect));
  for (const { redirect, error } of failures) {
    showError(deps.log, `Could not remove the redirect URI ${redirect.uri} registered for an earlier Test Sign-In (retried at the next start)`, error);
  }
}

async function removeOne(deps: SignInDeps, redirect: TestRedirect): Promise<'removed' | 'serverGone'> {
  const server = deps.state.server(redirect.serverId);
  if (!server) return 'serverGone';
  const api = await deps.connections.api(server.profile);
  await loadOidc().removeRedirectUri(api, redirect.credentialId, redirect.uri);
  deps.log.info(`Removed ${redirect.uri}, registered for a Test Sign-In, from credential ${redirect.credentialId}.`);
  void deps.state.reload(redirect.serverId);
  return 'removed';
}

async function portFor(redirects: SignInRedirects, serverId: string, credential: OAuthCredential, oidc: ReturnType<typeof loadOidc>): Promise<number> {
  const kept = redirects.port(serverId, credential.credentialId);
  if (kept) return kept;
  const registered = credential.redirectUris.map((uri) => oidc.loopbackPortOf(uri)).find((port) => port !== undefined);
  const port = registered ?? (await oidc.freeLoopbackPort());
  await redirects.keepPort(serverId, credential.credentialId, port);
  return port;
}

/** The secret held in a secret store, else (after a confirmation) the live one; '' when declined (the report says so). */
async function clientSecretFor(
  deps: SignInDeps,
  { server, credential }: CredentialTarget,
  api: () => ReturnType<SignInDeps['connections']['api']>,
): Promise<string> {
  const held = await deps.secrets.find(clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier));
  if (held) return held.secret;
  const useLive = await deps.prompts.confirm(
    `No client secret of ${quoteText(credentialLabel(credential))} is held in a secret store. Use the live one from ${server.profile.label}?`,
    'An application signs in with the secret it holds; without one here, the test reads the current secret from WHMCS and uses it for this test only. It is not shown, logged or kept.',
    'Use Live Secret',
  );
  if (!useLive) return '';
  return (await api()).readClientSecret(credential.credentialId);
}

async function pickExtraScopes(credential: OAuthCredential, base: readonly string[]): Promise<readonly string[] | undefined> {
  const others = credential.scopes.filter((scope) => !base.includes(scope));
  if (others.length === 0) return [];
  const picked = await vscode.window.showQuickPick(
    others.map((scope) => ({ label: scope })),
    {
      title: `Test Sign-In of ${credentialLabel(credential)}`,
      placeHolder: `Scopes to request besides ${base.join(', ')} (none is fine)`,
      canPickMany: true,
    },
  );
  return picked?.map((item) => item.label);
}

function withSignInProgress(
  credential: OAuthCredential,
  task: (signal: AbortSignal, onStep: (step: SignInStep) => void) => Promise<SignInReport>,
): Thenable<SignInReport> {
  return withCancellableProgress(`Test Sign-In of ${quoteText(credentialLabel(credential))}`, (signal, say) => {
    say('sign in and approve the application in the browser…');
    return task(signal, (step) => {
      if (step.id === 'discovery' && step.outcome === 'passed') say('waiting for the sign-in in the browser (cancel to stop)…');
      if (step.id === 'authorize' && step.outcome === 'passed') say('checking the tokens…');
    });
  });
}
