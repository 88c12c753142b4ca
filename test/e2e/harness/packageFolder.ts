// Packages an unpacked extension folder (a test fixture) into a VSIX with vsce's API, offline:
// the folder is copied to a temporary directory first so that nothing around it is packaged.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVSIX } from '@vscode/vsce';
import { atExit } from './exitCleanup';

export interface PackagedFolder {
  readonly vsix: string;
  remove(): void;
}

export async function packageFolder(folder: string, name: string): Promise<PackagedFolder> {
  const tmp = mkdtempSync(join(tmpdir(), `whmcs-oauth-e2e-${name}-`));
  const remove = () => rmSync(tmp, { recursive: true, force: true });
  const unregister = atExit(remove);
  try {
    const source = join(tmp, 'source');
    cpSync(folder, source, { recursive: true });
    const vsix = join(tmp, `${name}.vsix`);
    // No dependencies to collect (so no npm run), and none of a published extension's paperwork.
    await createVSIX({ cwd: source, packagePath: vsix, dependencies: false, allowMissingRepository: true, skipLicense: true });
    return {
      vsix,
      remove: () => {
        remove();
        unregister();
      },
    };
  } catch (error) {
    remove();
    unregister();
    throw error;
  }
}
