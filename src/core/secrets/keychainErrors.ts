import { SecretStoreError, type SecretStoreFailure } from './secretStore';

// Turns the native keyring's error messages into SecretStoreErrors a user can act on. The messages
// matched here are the ones @napi-rs/keyring 2.1 (keyring-rs) really produces, e.g.
//   Platform failure: DBus error: ... set your DBUS_SESSION_BUS_ADDRESS instead   (no session bus)
//   Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files
//   Couldn't access platform storage: Secret Service: no result found            (locked, on write)
//   Couldn't access platform storage: Secret Service: unlock prompt was dismissed
//   zbus error: org.freedesktop.Secret.Error.IsLocked: ...                       (locked, on list)
//   Couldn't access platform storage: AccessDenied                               (kernel keyring)

export type KeychainOperation = 'read' | 'store' | 'delete' | 'list' | 'probe';

export interface KeychainFailureContext {
  operation: KeychainOperation;
  /** Named in the message; every operation but list and probe has one. */
  account?: string;
  /** The secret being stored, so that it can be cut out of anything the native side says. */
  secret?: string;
  platform?: NodeJS.Platform;
}

/** Where the keychain is on this platform, in the words its users know. */
export function keychainDescription(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'linux':
    case 'freebsd':
      return 'the OS keychain (Secret Service)';
    case 'darwin':
      return 'the macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'the OS keychain';
  }
}

export function keychainError(cause: unknown, context: KeychainFailureContext): SecretStoreError {
  const platform = context.platform ?? process.platform;
  const detail = redact(nativeMessage(cause), context.secret);
  const { reason, hint } = classifyKeychainFailure(detail, platform);
  const what = describeOperation(context.operation, context.account ?? '', keychainDescription(platform));
  return new SecretStoreError(reason, `Could not ${what}: ${detail}`, hint);
}

function describeOperation(operation: KeychainOperation, account: string, store: string): string {
  switch (operation) {
    case 'read':
      return `read the secret of "${account}" from ${store}`;
    case 'store':
      return `store the secret of "${account}" in ${store}`;
    case 'delete':
      return `delete the secret of "${account}" from ${store}`;
    case 'list':
      return `list the secrets in ${store}`;
    case 'probe':
      return `use ${store}`;
  }
}

/** The native module did not load: no prebuilt binary for this platform, or a broken install. */
export function keychainModuleError(
  cause: unknown,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): SecretStoreError {
  return new SecretStoreError(
    'unavailable',
    `The OS keychain module (@napi-rs/keyring) could not be loaded on ${platform}-${arch}: ${nativeMessage(cause)}`,
    `Install the build of whmcs-oauth made for ${platform}-${arch}; it ships the keychain module ` +
      'for that platform. Until then secrets cannot be kept in the OS keychain.',
  );
}

export function classifyKeychainFailure(
  message: string,
  platform: NodeJS.Platform = process.platform,
): { reason: SecretStoreFailure; hint: string } {
  if (/ambiguous|is matched by \d+ credentials/i.test(message)) {
    return {
      reason: 'failed',
      hint: `Several entries of ${keychainDescription(platform)} match this account, probably written by another program: remove the duplicates and try again.`,
    };
  }
  switch (platform) {
    case 'linux':
    case 'freebsd':
      return classifySecretService(message);
    case 'darwin':
      return classifyMacKeychain(message);
    case 'win32':
      return classifyCredentialManager(message);
    default:
      return { reason: 'failed', hint: 'The OS keychain reported an error; check that it works on this machine and try again.' };
  }
}

const SECRET_SERVICE_PROVIDERS = 'a Secret Service provider such as gnome-keyring or KeePassXC';

function classifySecretService(message: string): { reason: SecretStoreFailure; hint: string } {
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to (the )?(socket|address)|Error\.NoServer/i.test(message)) {
    return {
      reason: 'unavailable',
      hint:
        'No D-Bus session bus: run inside a desktop session, or start one (e.g. `dbus-run-session`) and ' +
        `set DBUS_SESSION_BUS_ADDRESS, with ${SECRET_SERVICE_PROVIDERS} running on it.`,
    };
  }
  if (/ServiceUnknown|NameHasNoOwner|not provided by any \.service files|org\.freedesktop\.secrets/i.test(message)) {
    return {
      reason: 'unavailable',
      hint:
        `No Secret Service on the session bus: install and start ${SECRET_SERVICE_PROVIDERS} ` +
        '(e.g. `apt install gnome-keyring`, then `gnome-keyring-daemon --start --components=secrets`).',
    };
  }
  if (/DBus\.Error\.AccessDenied/i.test(message)) {
    return {
      reason: 'unavailable',
      hint:
        'The session bus refused access to the Secret Service: if VS Code runs in a sandbox (Flatpak, Snap), ' +
        'allow it to talk to org.freedesktop.secrets.',
    };
  }
  if (/no result found|unlock prompt was dismissed|IsLocked|\blocked\b/i.test(message)) {
    return {
      reason: 'locked',
      hint:
        'The keyring is locked (or there is no default keyring): unlock it, e.g. with Seahorse ("Passwords and Keys"), ' +
        'or on a machine without a desktop with `gnome-keyring-daemon --unlock`, and try again.',
    };
  }
  if (/AccessDenied/i.test(message)) {
    // keyring-rs's kernel keyring (keyutils) answer: that store is memory-only and not used here.
    return {
      reason: 'unavailable',
      hint: `No usable Secret Service: start ${SECRET_SERVICE_PROVIDERS} on the session bus (DBUS_SESSION_BUS_ADDRESS).`,
    };
  }
  return {
    reason: 'failed',
    hint: `The Secret Service reported an error: check that ${SECRET_SERVICE_PROVIDERS} is running and unlocked, then try again.`,
  };
}

function classifyMacKeychain(message: string): { reason: SecretStoreFailure; hint: string } {
  if (/No keychain is available|could not be found|invalid keychain/i.test(message)) {
    return {
      reason: 'unavailable',
      hint: 'No login keychain: open Keychain Access and create or repair the login keychain (Keychain First Aid), then try again.',
    };
  }
  if (/interaction is not allowed|passphrase|canceled|cancelled|denied|Couldn't access platform storage/i.test(message)) {
    return {
      reason: 'locked',
      hint:
        'The macOS Keychain is locked or access was denied: unlock the login keychain ' +
        '(Keychain Access, or `security unlock-keychain` over SSH) and allow access when asked.',
    };
  }
  return { reason: 'failed', hint: 'The macOS Keychain reported an error: check it in Keychain Access and try again.' };
}

function classifyCredentialManager(message: string): { reason: SecretStoreFailure; hint: string } {
  if (/logon session|Couldn't access platform storage/i.test(message)) {
    return {
      reason: 'unavailable',
      hint:
        'Windows Credential Manager needs an interactive logon of your own user: it is not available to ' +
        'service accounts or some remote sessions. Sign in normally and try again.',
    };
  }
  if (/longer than platform limit/i.test(message)) {
    return { reason: 'failed', hint: 'The value is longer than Windows Credential Manager accepts (2560 bytes).' };
  }
  return { reason: 'failed', hint: 'Windows Credential Manager reported an error: check it in Control Panel > Credential Manager and try again.' };
}

function nativeMessage(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.trim() === '' ? 'unknown error' : text.trim();
}

/** Cuts the secret out of a native message, in case a platform ever echoes it. */
function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[secret]') : text;
}
