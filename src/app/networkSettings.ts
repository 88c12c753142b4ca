// Proxy settings as VS Code users set them (http.proxy, http.noProxy, http.proxyStrictSSL) with the
// usual environment variables as the fallback, turned into the client's ProxyOptions.
import type { ProxyOptions } from '../core/whmcs/transport';

export interface ProxyInputs {
  /** VS Code `http.proxy`; empty when unset. */
  httpProxy: string;
  /** VS Code `http.noProxy`. */
  noProxy: readonly string[];
  /** VS Code `http.proxyStrictSSL`. */
  proxyStrictSsl: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function resolveProxy(inputs: ProxyInputs): ProxyOptions | undefined {
  const env = inputs.env;
  const url =
    inputs.httpProxy.trim() ||
    env['HTTPS_PROXY'] ||
    env['https_proxy'] ||
    env['HTTP_PROXY'] ||
    env['http_proxy'] ||
    '';
  if (!url) return undefined;
  const noProxy = [...inputs.noProxy, ...(env['NO_PROXY'] ?? env['no_proxy'] ?? '').split(',')]
    .map((entry) => entry.trim())
    .filter(Boolean);
  return { url, noProxy: noProxy.join(','), strictSsl: inputs.proxyStrictSsl };
}
