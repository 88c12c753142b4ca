// Secrets handed from the test process to a test module in the extension host through a private
// file (see runExtensionTests' `secrets`), never through the environment in the workbench URL.
import { readFileSync } from 'node:fs';

export const SECRETS_FILE_VARIABLE = 'WHMCS_E2E_SECRETS_FILE';

/** In the extension host: the secret the test process passed under `name`. */
export function secretFromTestProcess(name: string): string {
  const file = process.env[SECRETS_FILE_VARIABLE];
  if (!file) throw new Error(`${SECRETS_FILE_VARIABLE} is not set: run through runExtensionTests`);
  const value = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw new Error(`the test process passed no secret named ${name}`);
  return value;
}
