// WHMCS lower-cases the action name and strips everything but letters and digits, so
// "Update-OAuth_Credential" and "updateoauthcredential" are the same action.
export function normaliseAction(action: string): string {
  return action.toLowerCase().replace(/[^a-z0-9]/g, '');
}
