// Reading and writing the extension's settings. Server profiles hold no secret; writing goes to
// the scope (workspace or user) where the servers are already defined.
import * as vscode from 'vscode';
import { parseServerProfiles, profileToSetting, type ParsedProfiles, type ServerProfile } from '../app/serverProfile';
import { resolveProxy } from '../app/networkSettings';
import type { NetworkSettings } from '../app/serverConnections';
import type { StorePreference } from '../core/secrets/storeChoice';

export const SECTION = 'whmcsOAuth';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export interface ConfiguredServers extends ParsedProfiles {
  /** Where the list comes from: a workspace's list replaces the user's. */
  source: 'user' | 'workspace';
}

/**
 * The servers: the workspace's list when it has one and is trusted (VS Code also ignores it in
 * Restricted Mode: `restrictedConfigurations`), else the user's.
 */
export function readServers(): ConfiguredServers {
  const inspected = config().inspect<unknown>('servers');
  const fromWorkspace = vscode.workspace.isTrusted ? inspected?.workspaceValue : undefined;
  if (fromWorkspace !== undefined) return { ...parseServerProfiles(fromWorkspace), source: 'workspace' };
  return { ...parseServerProfiles(inspected?.globalValue), source: 'user' };
}

/** Writes the list back where readServers() found it. */
export async function writeServers(profiles: readonly ServerProfile[]): Promise<void> {
  const target = readServers().source === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config().update('servers', profiles.map(profileToSetting), target);
}

export function readStorePreference(): StorePreference {
  const value = userValue<string>(config(), 'secretStorage');
  return value === 'keychain' || value === 'vscode' ? value : 'auto';
}

/**
 * A setting as the user set it, ignoring any workspace value: where secrets are kept and which
 * proxy sees the traffic are not a cloned repository's to decide.
 */
function userValue<T>(configuration: vscode.WorkspaceConfiguration, key: string): T | undefined {
  return configuration.inspect<T>(key)?.globalValue;
}

export function readNetworkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const seconds = (key: string, fallback: number) => {
    const value = config().get<number>(key);
    return typeof value === 'number' && value > 0 ? value * 1000 : fallback;
  };
  return {
    proxy: resolveProxy({
      httpProxy: userValue<string>(http, 'proxy') ?? '',
      noProxy: userValue<string[]>(http, 'noProxy') ?? [],
      proxyStrictSsl: userValue<boolean>(http, 'proxyStrictSSL') ?? true,
      env: process.env,
    }),
    timeouts: {
      connectMs: seconds('connectTimeoutSeconds', 10_000),
      headersMs: seconds('requestTimeoutSeconds', 30_000),
      bodyMs: seconds('requestTimeoutSeconds', 30_000),
    },
  };
}

export function affectsExtension(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) || event.affectsConfiguration('http');
}
