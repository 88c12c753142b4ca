// Publishes every platform VSIX of `npm run package:all` to the Visual Studio Marketplace (vsce,
// token VSCE_PAT) and to Open VSX (ovsx, token OVSX_PAT). `npm run publish:all` packages first.
// Nothing is published unless both tokens are set, so one registry never gets a release the other
// lacks; a rerun after a failure skips what is already there (--skip-duplicate).
//   node scripts/publish.mjs --dry-run   checks the VSIXes and prints the commands, publishes nothing
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS, vsixPath } from './package.mjs';

/** ovsx is not a dependency of the project: npm fetches this pinned version when publishing. */
const OVSX = 'ovsx@1.3.0';

const root = join(import.meta.dirname, '..');
const dryRun = process.argv.includes('--dry-run');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function vsixes() {
  const files = Object.keys(TARGETS).map((target) => vsixPath(target, version));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run npm run package:all`);
  return files;
}

function requireTokens() {
  const missing = ['VSCE_PAT', 'OVSX_PAT'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`${missing.join(' and ')} not set: the Marketplace needs VSCE_PAT (an Azure DevOps token with Marketplace > Manage), Open VSX needs OVSX_PAT (open-vsx.org > Settings > Access Tokens)`);
  }
}

/** Each VSIX names its target in its manifest; both tools read it from there. */
function commands(files) {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  return files.flatMap((file) => [
    [process.execPath, [vsce, 'publish', '--skip-duplicate', '--packagePath', file]],
    ['npm', ['exec', '--yes', `--package=${OVSX}`, '--', 'ovsx', 'publish', file, '--skip-duplicate']],
  ]);
}

function main() {
  const files = vsixes();
  if (!dryRun) requireTokens();
  for (const [command, args] of commands(files)) {
    // The tokens reach the tools through the environment (VSCE_PAT, OVSX_PAT), never the command line.
    console.log(`${dryRun ? 'would run' : 'running'}: ${[command === process.execPath ? 'node' : command, ...args].join(' ')}`);
    if (dryRun) continue;
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${args.slice(0, 4).join(' ')} failed`);
  }
}

try {
  main();
} catch (error) {
  console.error(`publish: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
