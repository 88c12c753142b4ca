// Every secret the sandbox makes up is appended to the file named by WHMCS_OAUTH_CANARY_FILE
// (npm test sets it), so that the run can check afterwards that none of them reached its output.
import { appendFileSync } from 'node:fs';

export function canary<T extends string>(secret: T): T {
  const file = process.env['WHMCS_OAUTH_CANARY_FILE'];
  if (file) appendFileSync(file, `${secret}\n`);
  return secret;
}
