// Where things are: the repository, the provisioned code-server (see scripts/e2e/provision.sh,
// whose cache layout this mirrors) and the git-ignored artifacts folder.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

/**
 * The extension built for its own extension-host tests (`node scripts/build.mjs --test-seams`):
 * the shipped code plus the testing API, which the production bundle in dist/ does not contain.
 */
export const testExtensionPath = join(repoRoot, 'out', 'test-extension');

function pinnedVersions(): { codeServer: string; node: string } {
  const text = readFileSync(join(repoRoot, 'scripts/e2e/versions.env'), 'utf8');
  const value = (key: string): string => {
    const match = new RegExp(`^${key}=(\\S+)$`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`scripts/e2e/versions.env has no ${key}`);
    return match[1];
  };
  return { codeServer: value('CODE_SERVER_VERSION'), node: value('NODE_VERSION') };
}

/** The code-server launcher (runs it with its own Node 24); fails with the command to fix it. */
export function codeServerLauncher(): string {
  const { codeServer, node } = pinnedVersions();
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(cache, 'whmcs-oauth-e2e', `code-server-${codeServer}-node-${node}`);
  if (!existsSync(join(dir, '.complete'))) {
    throw new Error(`code-server ${codeServer} is not provisioned in ${dir}: run bash scripts/e2e/provision.sh`);
  }
  return join(dir, 'bin', 'code-server');
}

/** A path under test-artifacts/ for `name` (made file-name safe); the folder is created. */
export function artifactPath(name: string): string {
  const dir = join(repoRoot, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, ''));
}

/** Where a failed run keeps the server's logs: code-server's own, and VS Code's server-side logs. */
export function serverLogArtifacts(name: string): { saveLogTo: string; saveLogsDirTo: string } {
  return { saveLogTo: artifactPath(`${name}.code-server.log`), saveLogsDirTo: artifactPath(`${name}-server-logs`) };
}
