// WhmcsDetails: not an OAuth action, but the cheapest real call for checking a connection.
import type { Action } from './types';

export const whmcsDetails: Action = ({ profile }) => ({
  result: 'success',
  whmcs: { version: profile.version, canonicalversion: `${profile.version}-release.1` },
});
