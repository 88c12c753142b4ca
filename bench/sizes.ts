// Activation of the extension bundle in plain Node (a fresh process per round) and the sizes of
// what ships: the main bundle (without the lazily loaded core) and the VSIX.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { median } from './stats';

const root = resolve(__dirname, '..');

export interface ActivationResult {
  activationPlainNodeMs: number;
  lazyModulesLoadedAtActivation: boolean;
}

export function measurePlainNodeActivation(rounds = 15): ActivationResult {
  const samples: number[] = [];
  let lazyLoaded = false;
  for (let i = 0; i < rounds; i++) {
    const out = execFileSync(process.execPath, [resolve(__dirname, 'activatePlainNode.cjs')], { encoding: 'utf8' });
    const result = JSON.parse(out) as { ms: number; undici: boolean; keyring: boolean };
    samples.push(result.ms);
    lazyLoaded ||= result.undici || result.keyring;
  }
  return { activationPlainNodeMs: median(samples), lazyModulesLoadedAtActivation: lazyLoaded };
}

export function measureSizes(): { mainBundleBytes: number; coreBundleBytes: number; vsixBytes: number } {
  const vsix = resolve(root, 'dist', 'whmcs-oauth.vsix');
  if (!existsSync(vsix)) throw new Error('dist/whmcs-oauth.vsix is missing: the benchmark runs `npm run package` first');
  return {
    mainBundleBytes: statSync(resolve(root, 'dist', 'extension.js')).size,
    coreBundleBytes: statSync(resolve(root, 'dist', 'core.js')).size,
    vsixBytes: statSync(vsix).size,
  };
}
