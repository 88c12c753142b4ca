// Only the parts of undici the WHMCS client uses: two dispatchers and the request API. undici's
// index also loads fetch, WebSocket, EventSource, caches and mocks, which made up half of
// dist/core.js (557 KB) and of its evaluation on the first call to a server. The types still come
// from the package; these modules are the ones its index re-exports.
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
// What undici's index does: the request API lives on every dispatcher.
Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
/* eslint-enable @typescript-eslint/no-require-imports */
