// A credential given to the testing API's createCredential instead of asked for. No vscode
// import: checked like the input flow's answers, tested in plain Node.
import type { CreateCredentialInput } from '../core/whmcs/oauthCredentials';
import { validateCredentialFields } from '../core/whmcs/validation';

/** A draft `{ grantType, name, scopes, ... }`, checked like the input flow's answers; throws with the first problem. */
export function createInputFromDraft(draft: unknown): CreateCredentialInput {
  const record = (typeof draft === 'object' && draft !== null ? draft : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const list = (key: string) => (Array.isArray(record[key]) ? (record[key] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
  const grantType = text('grantType');
  if (grantType !== 'authorization_code' && grantType !== 'single_sign_on') {
    throw Object.assign(new Error('The credential to create needs a grantType of authorization_code or single_sign_on.'), { hint: 'Run the command without arguments to be asked.' });
  }
  const serviceId = typeof record['serviceId'] === 'number' ? record['serviceId'] : 0;
  const input = {
    grantType,
    name: text('name'),
    description: text('description'),
    scopes: list('scopes'),
    serviceId,
    redirectUris: list('redirectUris'),
    logoUri: text('logoUri'),
  } satisfies CreateCredentialInput;
  const [problem] = validateCredentialFields(input);
  if (problem) throw Object.assign(new Error(problem.message), { hint: 'Run the command without arguments to be asked.' });
  return input;
}
