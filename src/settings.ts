// Reading and writing the extension's settings. Server profiles hold no secret; writing goes to
// the scope (workspace or user) where the servers are already defined.
import * as vscode from 'vscode';
import { parseServerProfiles, profileToSetting, type ParsedProfiles, type ServerProfile } from './servers/serverProfile';
import { resolveProxy } from './servers/networkSettings';
import type { NetworkSettings } from './servers/serverConnections';
import type { StorePreference } from './secrets/storeChoice';

export const SECTION = 'whmcsOAuth';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function readServers(): ParsedProfiles {
  return parseServerProfiles(config().get<unknown>('servers'));
}

export async function writeServers(profiles: readonly ServerProfile[]): Promise<void> {
  const inspected = config().inspect('servers');
  const target =
    inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config().update('servers', profiles.map(profileToSetting), target);
}

export function readStorePreference(): StorePreference {
  const value = config().get<string>('secretStorage');
  return value === 'keychain' || value === 'vscode' ? value : 'auto';
}

export function readNetworkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const seconds = (key: string, fallback: number) => {
    const value = config().get<number>(key);
    return typeof value === 'number' && value > 0 ? value * 1000 : fallback;
  };
  return {
    proxy: resolveProxy({
      httpProxy: http.get<string>('proxy') ?? '',
      noProxy: http.get<string[]>('noProxy') ?? [],
      proxyStrictSsl: http.get<boolean>('proxyStrictSSL') ?? true,
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
