// The API actions the sandbox knows, by normalised name. Any other name is "Invalid API Action".
import { createOAuthCredential } from './createOAuthCredential';
import { deleteOAuthCredential } from './deleteOAuthCredential';
import { listOAuthCredentials } from './listOAuthCredentials';
import type { Action } from './types';
import { updateOAuthCredential } from './updateOAuthCredential';
import { whmcsDetails } from './whmcsDetails';

export const ACTIONS: ReadonlyMap<string, Action> = new Map([
  ['listoauthcredentials', listOAuthCredentials],
  ['createoauthcredential', createOAuthCredential],
  ['updateoauthcredential', updateOAuthCredential],
  ['deleteoauthcredential', deleteOAuthCredential],
  ['whmcsdetails', whmcsDetails],
]);

export type { Action, ActionContext, ActionResult } from './types';
