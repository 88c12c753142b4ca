// Request bodies encoded exactly like PHP's http_build_query (PHP_QUERY_RFC1738), which is what
// WHMCS decodes: arrays as key[0]=a&key[1]=b (a repeated plain key would keep only the last value
// in PHP), booleans as 1/0, null and undefined omitted, spaces as '+'.

export type PhpValue = string | number | boolean | null | undefined | readonly PhpValue[] | PhpRecord;
export interface PhpRecord {
  readonly [key: string]: PhpValue;
}

/** PHP urlencode(): only ASCII letters, digits and -_. stay as they are. */
const UNRESERVED = /^[A-Za-z0-9._-]*$/;

export function phpUrlencode(text: string): string {
  if (UNRESERVED.test(text)) return text;
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function httpBuildQuery(params: PhpRecord): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) append(parts, phpUrlencode(key), value);
  return parts.join('&');
}

function append(parts: string[], encodedKey: string, value: PhpValue): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'boolean') {
    parts.push(`${encodedKey}=${value ? '1' : '0'}`);
  } else if (typeof value === 'string' || typeof value === 'number') {
    parts.push(`${encodedKey}=${phpUrlencode(String(value))}`);
  } else {
    const entries: Array<[string, PhpValue]> = isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    for (const [childKey, child] of entries) {
      append(parts, `${encodedKey}%5B${phpUrlencode(childKey)}%5D`, child);
    }
  }
}

function isArray(value: PhpValue): value is readonly PhpValue[] {
  return Array.isArray(value);
}
