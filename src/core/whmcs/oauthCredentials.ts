// The four OAuth credential actions over one WhmcsClient, with what the published reference does
// not tell: update sends only the fields that changed (by credentialId), is read back and checked
// when lists changed (WHMCS 8.7 can drop new list items while answering success), can be repaired
// in an order that survives that merge, and a secret reset is never retried and never lost.
import { createHash } from 'node:crypto';
import type { CallOptions, WhmcsClient } from './client';
import { changedFields, listDifference } from './credentialDiff';
import {
  ResetNotAppliedError,
  ResetOutcomeUnknownError,
  TransportError,
  UnexpectedResponseError,
  ValidationError,
  WhmcsError,
} from './errors';
import { clientEntries, normaliseClients, normaliseCredential, toInt } from './normalise';
import type { PhpRecord, PhpValue } from './phpForm';
import { editableFieldsOf, type CredentialFields, type EditableField, type ListFilter, type OAuthCredential } from './types';
import { validateCredentialFields } from './validation';

export interface CreateCredentialInput {
  grantType: string;
  scopes: readonly string[];
  name?: string | undefined;
  description?: string | undefined;
  serviceId?: number | undefined;
  logoUri?: string | undefined;
  redirectUris?: readonly string[] | undefined;
}

export interface CreatedCredential {
  credentialId: number;
  clientIdentifier: string;
  /** Shown once by WHMCS: store it at once. */
  clientSecret: string;
}

export interface ListVerification {
  field: 'scopes' | 'redirectUris';
  /** Items that were submitted but are not on the server. */
  missing: string[];
  /** Items that should have been removed but are still there. */
  extra: string[];
}

export interface UpdateResult {
  credentialId: number;
  sentFields: EditableField[];
  /** Present only when the secret was reset: store it at once, WHMCS shows it only this time. */
  newClientSecret?: string;
  /** True when the reset's answer was lost and the new secret was read back from the server. */
  recoveredSecret?: boolean;
  /** The credential as read back after the update (when lists changed or on request). */
  readBack?: OAuthCredential;
  /** Lists that the server did not store as submitted; empty when verified or not checked. */
  differences: ListVerification[];
}

export interface UpdateOptions extends Pick<CallOptions, 'signal'> {
  resetSecret?: boolean | undefined;
  /** Read back and verify even if no list changed. */
  verify?: boolean | undefined;
}

const UPDATE = 'UpdateOAuthCredential';

export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export class OAuthCredentialsApi {
  /** The last change queued per credential: two saves of one credential never interleave. */
  readonly #queues = new Map<number, Promise<unknown>>();

  constructor(readonly client: WhmcsClient) {}

  async list(filter: ListFilter = {}, options: Pick<CallOptions, 'signal'> = {}): Promise<OAuthCredential[]> {
    return normaliseClients(await this.#listAnswer(filter, options.signal));
  }

  /** There is no GetOAuthCredential: list and pick. */
  async get(credentialId: number, options: Pick<CallOptions, 'signal'> = {}): Promise<OAuthCredential> {
    return normaliseCredential(await this.#entry(credentialId, options.signal));
  }

  /** The live client secret, read on purpose for one use; the caller must not keep it. */
  async readClientSecret(credentialId: number, options: Pick<CallOptions, 'signal'> = {}): Promise<string> {
    const secret = (await this.#entry(credentialId, options.signal))['clientSecret'];
    return typeof secret === 'string' ? secret : '';
  }

  async create(input: CreateCredentialInput, options: Pick<CallOptions, 'signal'> = {}): Promise<CreatedCredential> {
    const fields: CredentialFields = {
      name: input.name ?? '',
      description: input.description ?? '',
      grantType: input.grantType,
      scopes: input.scopes,
      serviceId: input.serviceId ?? 0,
      logoUri: input.logoUri ?? '',
      redirectUris: input.redirectUris ?? [],
    };
    throwFirstProblem(validateCredentialFields(fields), 'createoauthcredential');
    const params: Record<string, PhpValue> = { grantType: fields.grantType, scope: fields.scopes.join(' ') };
    if (fields.name) params['name'] = fields.name;
    if (fields.description) params['description'] = fields.description;
    if (fields.serviceId) params['serviceId'] = fields.serviceId;
    if (fields.logoUri) params['logoUri'] = fields.logoUri;
    if (fields.redirectUris.length) params['redirectUri'] = fields.redirectUris;
    const answer = await this.client.call('CreateOAuthCredential', params, options).catch((error: unknown) => {
      throw error instanceof TransportError && error.maybeApplied ? createMaybeApplied(error, fields.name || fields.grantType) : error;
    });
    return {
      credentialId: toInt(answer['credentialId']),
      clientIdentifier: String(answer['clientIdentifier'] ?? ''),
      clientSecret: String(answer['clientSecret'] ?? ''),
    };
  }

  /**
   * Sends the fields of `desired` that differ from `current` (and a secret reset when asked),
   * validated as the server would. Reads the credential back when a list changed and reports what
   * the server did not store.
   */
  update(current: OAuthCredential, desired: Partial<CredentialFields>, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.#serialised(current.credentialId, () => this.#update(current, desired, options));
  }

  async #update(current: OAuthCredential, desired: Partial<CredentialFields>, options: UpdateOptions): Promise<UpdateResult> {
    const base = editableFieldsOf(current);
    const sentFields = changedFields(base, desired);
    const { credentialId } = current;
    if (sentFields.length === 0 && !options.resetSecret) return { credentialId, sentFields, differences: [] };
    const merged: CredentialFields = { ...base };
    for (const field of sentFields) Object.assign(merged, { [field]: desired[field] });
    // A description is free text: nothing to check when it is all that changed (the hot path).
    if (sentFields.some((field) => field !== 'description')) {
      throwFirstProblem(
        validateCredentialFields(merged).filter((problem) => touches(problem.field, sentFields)),
        'updateoauthcredential',
      );
    }
    const params = updateParams(credentialId, merged, sentFields);
    const result: UpdateResult = { credentialId, sentFields, differences: [] };
    if (options.resetSecret) {
      Object.assign(result, await this.#sendReset(credentialId, params, options.signal));
    } else {
      await this.client.call(UPDATE, params, { signal: options.signal });
    }
    const listsChanged = sentFields.includes('scopes') || sentFields.includes('redirectUris');
    if (listsChanged || options.verify) {
      result.readBack = await this.get(credentialId, { signal: options.signal });
      result.differences = verifyLists(merged, result.readBack, sentFields);
    }
    return result;
  }

  /** Resets the client secret alone. The new secret is returned once; store it at once. */
  async resetSecret(current: OAuthCredential, options: Pick<CallOptions, 'signal'> = {}): Promise<UpdateResult & { newClientSecret: string }> {
    const result = await this.update(current, {}, { ...options, resetSecret: true });
    if (result.newClientSecret === undefined) {
      throw new UnexpectedResponseError('The server confirmed the reset but sent no new secret.', 200, '', 'updateoauthcredential');
    }
    return result as UpdateResult & { newClientSecret: string };
  }

  /**
   * Applies list changes again in the order that survives the WHMCS 8.7 merge: first only
   * additions (the union of what is stored and what is wanted), then only removals.
   */
  applyListsAgainSafely(
    stored: OAuthCredential,
    desired: Pick<Partial<CredentialFields>, 'scopes' | 'redirectUris'>,
    options: Pick<CallOptions, 'signal'> = {},
  ): Promise<UpdateResult> {
    const union: Partial<CredentialFields> = {};
    if (desired.scopes) union.scopes = unionOf(stored.scopes, desired.scopes);
    if (desired.redirectUris) union.redirectUris = unionOf(stored.redirectUris, desired.redirectUris);
    return this.#serialised(stored.credentialId, async () => {
      const first = await this.#update(stored, union, options);
      const afterAdditions = first.readBack ?? stored;
      const second = await this.#update(afterAdditions, desired, { ...options, verify: true });
      return {
        credentialId: stored.credentialId,
        sentFields: [...new Set([...first.sentFields, ...second.sentFields])],
        ...(second.readBack ? { readBack: second.readBack } : {}),
        differences: second.differences,
      };
    });
  }

  async delete(credentialId: number, options: Pick<CallOptions, 'signal'> = {}): Promise<void> {
    if (!(credentialId > 0)) throw new ValidationError('Invalid Credential ID provided.', 'credentialId', 'client', 'deleteoauthcredential');
    await this.#serialised(credentialId, () => this.client.call('DeleteOAuthCredential', { credentialId }, options));
  }

  /** Runs `change` after every change of the same credential queued before it. */
  #serialised<T>(credentialId: number, change: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(credentialId) ?? Promise.resolve();
    const next = previous.then(change, change);
    const settled = next.catch(() => undefined);
    this.#queues.set(credentialId, settled);
    void settled.then(() => {
      if (this.#queues.get(credentialId) === settled) this.#queues.delete(credentialId);
    });
    return next;
  }

  /**
   * After a lost reset answer: the reset happened exactly when the stored secret no longer matches
   * the fingerprint taken before it; then the stored secret is the new one.
   */
  async checkReset(
    credentialId: number,
    previousFingerprint: string,
    options: Pick<CallOptions, 'signal'> = {},
  ): Promise<{ happened: true; secret: string } | { happened: false }> {
    const secret = await this.readClientSecret(credentialId, options);
    return secretFingerprint(secret) === previousFingerprint ? { happened: false } : { happened: true, secret };
  }

  async #sendReset(
    credentialId: number,
    params: PhpRecord,
    signal: AbortSignal | undefined,
  ): Promise<Pick<UpdateResult, 'newClientSecret' | 'recoveredSecret'>> {
    const before = secretFingerprint(await this.readClientSecret(credentialId, { signal }));
    try {
      const answer = await this.client.call(UPDATE, { ...params, resetSecret: 1 }, { signal });
      const secret = answer['newClientSecret'];
      if (typeof secret === 'string' && secret !== '') return { newClientSecret: secret };
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      let check: Awaited<ReturnType<OAuthCredentialsApi['checkReset']>>;
      try {
        // Not the caller's signal: the reset may have happened, so find out even if they gave up.
        check = await this.checkReset(credentialId, before);
      } catch (checkError) {
        throw new ResetOutcomeUnknownError(credentialId, before, asWhmcsError(checkError, error));
      }
      if (!check.happened) throw new ResetNotAppliedError(credentialId, error);
      return { newClientSecret: check.secret, recoveredSecret: true };
    }
    // Success without a secret: find it on the server rather than lose it.
    const check = await this.checkReset(credentialId, before);
    if (check.happened) return { newClientSecret: check.secret, recoveredSecret: true };
    throw new UnexpectedResponseError('The server answered success but did not reset the secret.', 200, '', 'updateoauthcredential');
  }

  async #listAnswer(filter: ListFilter, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    const params: PhpRecord = {
      grantType: filter.grantType,
      sortField: filter.sortField,
      sortOrder: filter.sortOrder,
      limit: filter.limit,
    };
    return this.client.call('ListOAuthCredentials', params, { signal, readOnly: true });
  }

  async #entry(credentialId: number, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    const entries = clientEntries(await this.#listAnswer({}, signal));
    const entry = entries.find((item) => toInt(item['credentialId']) === credentialId);
    if (!entry) {
      throw new ValidationError(
        `There is no OAuth credential ${credentialId} on ${this.client.baseUrl}.`,
        'credentialId',
        'server',
        'listoauthcredentials',
      );
    }
    return entry;
  }
}

function updateParams(credentialId: number, fields: CredentialFields, sent: readonly EditableField[]): PhpRecord {
  const params: Record<string, PhpValue> = { credentialId };
  for (const field of sent) {
    switch (field) {
      case 'scopes':
        params['scope'] = fields.scopes.join(' ');
        break;
      case 'redirectUris':
        // An empty PHP array would not be sent at all; an empty string clears the list.
        params['redirectUri'] = fields.redirectUris.length ? fields.redirectUris : '';
        break;
      default:
        params[field] = fields[field];
    }
  }
  return params;
}

function verifyLists(wanted: CredentialFields, stored: OAuthCredential, sent: readonly EditableField[]): ListVerification[] {
  const differences: ListVerification[] = [];
  for (const field of ['scopes', 'redirectUris'] as const) {
    if (!sent.includes(field)) continue;
    const { missing, extra } = listDifference(wanted[field], stored[field]);
    if (missing.length || extra.length) differences.push({ field, missing, extra });
  }
  return differences;
}

function touches(field: string, sent: readonly EditableField[]): boolean {
  const editable: Record<string, EditableField> = { scope: 'scopes', redirectUri: 'redirectUris' };
  const name = editable[field] ?? field;
  // The grant type decides whether name and service ID are required, so check those too.
  return sent.includes(name as EditableField) || (sent.includes('grantType') && (name === 'name' || name === 'serviceId'));
}

function throwFirstProblem(problems: ReadonlyArray<{ field: ValidationError['field']; message: string }>, action: string): void {
  const first = problems[0];
  if (first) throw new ValidationError(first.message, first.field, 'client', action);
}

function unionOf(stored: readonly string[], wanted: readonly string[]): string[] {
  const seen = new Set(stored);
  return [...stored, ...wanted.filter((item) => !seen.has(item))];
}

/** Could the request have reached WHMCS and been applied although no success answer arrived? */
function mayHaveApplied(error: unknown): error is WhmcsError {
  if (error instanceof TransportError) return error.maybeApplied;
  return error instanceof UnexpectedResponseError;
}

function asWhmcsError(error: unknown, fallback: WhmcsError): WhmcsError {
  return error instanceof WhmcsError ? error : fallback;
}

/** A create whose answer was lost: "try again" would make a second credential, so say where to look. */
function createMaybeApplied(error: TransportError, what: string): TransportError {
  return new TransportError(
    error.message,
    error.reason,
    true,
    `It may have been created anyway: look for "${what}" in the credential list before creating it again (its client secret is listed with it).`,
    error.action,
    { cause: error },
  );
}
