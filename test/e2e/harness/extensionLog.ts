// The extension's output channel ("WHMCS OAuth") as VS Code wrote it to code-server's log folder.
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { filesUnder } from '../../support/canaryScan';

export function extensionLog(userDataDir: string): string {
  return filesUnder(userDataDir)
    .filter((path) => path.endsWith(`${sep}whmcs-oauth.whmcs-oauth${sep}WHMCS OAuth.log`))
    .map((path) => readFileSync(path, 'utf8'))
    .join('');
}
