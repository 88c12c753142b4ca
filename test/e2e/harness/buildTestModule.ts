// Bundles a test module that runs inside the extension host (an `export async function run()`)
// into CommonJS under out/e2e/, as VS Code loads it with require(); `vscode` comes from the host.
import { basename, extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './paths';

export async function buildTestModule(entry: string, outDir = join(repoRoot, 'out', 'e2e')): Promise<string> {
  const outfile = join(outDir, `${basename(entry, extname(entry))}.js`);
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline', // stack traces in the extension host point at the .ts source
    external: ['vscode', '@napi-rs/keyring'], // the native binary loads from node_modules
    logLevel: 'error',
  });
  return outfile;
}
