// `whmcs-oauth test-sign-in <id>`: runs a Test Sign-In of one credential with the client secret from
// the keychain (or the live one), on a loopback redirect URI registered for the test if asked,
// and unregistered afterwards whatever happened (Ctrl+C included).
import type { Command } from './args';
import { EXIT } from './exitCodes';
import { describe } from './output';
import { openInBrowser } from './openBrowser';
import type { CliIo } from './cliIo';
import { signInReportText, updateRedirectUris } from './signInOutput';
import { freeLoopbackPort, loopbackPortOf, loopbackRedirectUri } from '../core/oidc/loopbackReceiver';
import { addRedirectUri, removeRedirectUri } from '../core/oidc/redirectRegistration';
import { runSignInTest } from '../core/oidc/runSignInTest';
import type { SignInReport } from '../core/oidc/signInReport';
import { clientSecretAccount, serverKey } from '../core/secrets/keychainLayout';
import type { OAuthCredentialsApi } from '../core/whmcs/oauthCredentials';
import type { TransportOptions } from '../core/whmcs/transport';
import type { OAuthCredential } from '../core/whmcs/types';

export async function testSignIn(command: Command, api: OAuthCredentialsApi, transport: TransportOptions, io: CliIo): Promise<number> {
  const { signIn, connection } = command;
  const credentialId = command.credentialId ?? 0;
  const say = (line: string) => io.stderr(`whmcs-oauth: ${line}\n`);
  let credential = await api.get(credentialId);
  const originalUris = [...credential.redirectUris];
  const clientSecret = signIn.liveSecret ? await api.readClientSecret(credentialId) : await storedSecret(io, connection.url, credential);
  const port = signIn.port ?? registeredLoopbackPort(credential) ?? (await freeLoopbackPort());
  const redirectUri = loopbackRedirectUri(port);

  // Registered only when needed: a credential with none registered accepts any redirect URI,
  // and adding one would lock out the applications relying on that while the test runs.
  let registered = false;
  if (signIn.registerRedirectUri && credential.redirectUris.length > 0 && !credential.redirectUris.includes(redirectUri)) {
    credential = (await addRedirectUri(api, credential, redirectUri)).credential;
    registered = true;
    say(`registered ${redirectUri} on credential ${credentialId} for this test; it is removed afterwards.`);
  }

  const controller = new AbortController();
  const stopWatching = io.onInterrupt?.(() => controller.abort());
  let cleanedUp = true;
  let report: SignInReport;
  try {
    report = await runSignInTest({
      credential,
      serverUrl: connection.url,
      clientSecret,
      redirectUri,
      extraScopes: signIn.extraScopes,
      transport,
      allowInsecureHttp: connection.allowInsecureHttp,
      signal: controller.signal,
      waitMs: signIn.waitMs,
      openAuthorizeUrl: async (url) => {
        say(`sign in and approve the application at this address (waiting up to ${Math.round(signIn.waitMs / 1000)} s, Ctrl+C to stop):\n${url}`);
        if (!signIn.open) return;
        const opened = await (io.openUrl ?? openInBrowser)(url);
        if (!opened) say('could not open a browser: open the address above yourself.');
      },
    });
  } finally {
    stopWatching?.();
    if (registered) cleanedUp = await unregister(api, credentialId, redirectUri, originalUris, say);
  }
  io.stdout(command.json ? `${JSON.stringify(report, null, 2)}\n` : signInReportText(report, { credentialId, registeredRedirectUris: originalUris }));
  return report.passed && cleanedUp ? EXIT.ok : EXIT.failed;
}

/** Removes the test's redirect URI; on failure says how to remove it by hand. */
async function unregister(api: OAuthCredentialsApi, credentialId: number, redirectUri: string, originalUris: readonly string[], say: (line: string) => void): Promise<boolean> {
  try {
    await removeRedirectUri(api, credentialId, redirectUri);
    return true;
  } catch (error) {
    say(`WARNING: the redirect URI ${redirectUri} registered for the test could not be removed (${describe(error)}). Remove it with:\n${updateRedirectUris(credentialId, originalUris)}`);
    return false;
  }
}

/** The client secret the extension and the CLI keep for this credential; '' when none. */
async function storedSecret(io: CliIo, url: string, credential: OAuthCredential): Promise<string> {
  try {
    return (await io.secretStore().get(clientSecretAccount(serverKey(url), credential.clientIdentifier))) ?? '';
  } catch {
    return '';
  }
}

function registeredLoopbackPort(credential: OAuthCredential): number | undefined {
  for (const uri of credential.redirectUris) {
    const port = loopbackPortOf(uri);
    if (port !== undefined) return port;
  }
  return undefined;
}
