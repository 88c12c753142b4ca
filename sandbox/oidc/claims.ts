// What userinfo.php tells about the signed-in person, by scope (WHMCS's observed claims, its
// misspelt update_at included; email_verified is always false).
import type { ClientUserRecord } from '../state';

export function userClaims(user: ClientUserRecord, scope: string): Record<string, unknown> {
  const scopes = scope.split(' ');
  const claims: Record<string, unknown> = { sub: user.uuid };
  if (scopes.includes('profile')) {
    claims['name'] = `${user.firstName} ${user.lastName}`;
    claims['given_name'] = user.firstName;
    claims['family_name'] = user.lastName;
    claims['preferred_username'] = user.email;
    claims['locale'] = user.locale;
    claims['update_at'] = Math.floor(user.updatedAt.getTime() / 1000);
  }
  if (scopes.includes('email')) {
    claims['email'] = user.email;
    claims['email_verified'] = false;
  }
  return claims;
}
