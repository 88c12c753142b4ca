// What the provider's endpoints share.
import type { SandboxState } from '../state';
import type { OidcFaultController } from './faults';
import type { GrantStore } from './grants';
import type { SigningKeys } from './keys';
import type { SessionStore } from './sessions';

export interface OidcContext {
  readonly state: SandboxState;
  readonly faults: OidcFaultController;
  readonly keys: SigningKeys;
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  /** The WHMCS system URL without a trailing slash (known once the server listens). */
  readonly issuer: () => string;
  /** The base path of every page, '' or '/whmcs'. */
  readonly basePath: string;
  /** A timer that close() cancels. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * The links and redirects between the client-area pages, relative to the page that sends them
 * (authorize.php lives in oauth/, the others at the base), so that the pages also work behind a
 * proxy that adds a path prefix (code-server opens loopback addresses as /proxy/<port>/...). The
 * session cookie is for the whole host for the same reason.
 */
export const links = {
  fromAuthorize: { login: '../login.php', consent: 'authorize.php' },
  fromLogin: { doLogin: 'dologin.php' },
  fromDoLogin: { login: 'login.php', authorize: 'oauth/authorize.php', clientArea: 'clientarea.php' },
  cookiePath: '/',
};
