// The lazily loaded half of the extension (dist/core.js): the WHMCS client and undici, which
// take far longer to load than activation may. Loaded on the first call to a server.
export { WhmcsClient } from './whmcs/client';
export { OAuthCredentialsApi } from './whmcs/oauthCredentials';
