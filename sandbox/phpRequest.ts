// PHP's request-variable registration (main/php_variables.c): how `a[0]=x&a[]=y&k=1&k=2` becomes
// $_GET / $_POST. Clients that get this wrong (repeated keys, "a,b") must see what PHP would see.

export type PhpValue = string | PhpArray;
export type PlainPhpValue = string | { [key: string]: PlainPhpValue };

// Keys PHP stores as integers (and therefore advance the `[]` append counter).
const CANONICAL_INT = /^(?:0|-?[1-9][0-9]{0,17})$/;

/** PHP's default max_input_vars: variables past this count are dropped (PHP only warns). */
export const MAX_INPUT_VARS = 1000;

/** An ordered PHP array. Keys are kept as strings; "5" and 5 are the same key in PHP too. */
export class PhpArray {
  private readonly items = new Map<string, PhpValue>();
  private nextIndex = 0;

  get size(): number {
    return this.items.size;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  get(key: string): PhpValue | undefined {
    return this.items.get(key);
  }

  /** Replaces in place (PHP keeps the original position of an overwritten key). */
  set(key: string, value: PhpValue): void {
    this.items.set(key, value);
    if (CANONICAL_INT.test(key)) {
      const index = Number(key);
      if (index >= this.nextIndex) this.nextIndex = index + 1;
    }
  }

  /** `$array[] = $value`. */
  push(value: PhpValue): void {
    this.set(String(this.nextIndex), value);
  }

  entries(): IterableIterator<[string, PhpValue]> {
    return this.items.entries();
  }

  values(): IterableIterator<PhpValue> {
    return this.items.values();
  }

  /** Plain nested objects, for assertions and debugging. */
  toPlain(): { [key: string]: PlainPhpValue } {
    return Object.fromEntries(
      [...this.items].map(([key, value]) => [key, typeof value === 'string' ? value : value.toPlain()]),
    );
  }
}

/** PHP urldecode(): `+` is a space, valid %XX is a byte, anything else is kept; bytes read as UTF-8. */
export function phpUrlDecode(latin1: string): string {
  const bytes = Buffer.allocUnsafe(latin1.length);
  let length = 0;
  for (let i = 0; i < latin1.length; i++) {
    const code = latin1.charCodeAt(i);
    if (code === 0x2b) {
      bytes[length++] = 0x20;
    } else if (code === 0x25 && isHex(latin1.charCodeAt(i + 1)) && isHex(latin1.charCodeAt(i + 2))) {
      bytes[length++] = parseInt(latin1.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[length++] = code & 0xff;
    }
  }
  return bytes.toString('utf8', 0, length);
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * php_register_variable_ex(): registers one decoded name/value pair. Leading spaces are dropped,
 * ' ' and '.' in the base name become '_', `[x]` nests, `[]` appends, text after a `]` that is not
 * another `[` is ignored, and an unclosed first `[` becomes '_' (`a[b=1` is `$a_b`).
 */
export function registerVariable(track: PhpArray, name: string, value: string): void {
  const varName = name.replace(/^ +/, '');
  let base = '';
  let bracket = -1;
  for (let i = 0; i < varName.length; i++) {
    const c = varName.charAt(i);
    if (c === ' ' || c === '.') base += '_';
    else if (c === '[') {
      bracket = i;
      break;
    } else base += c;
  }
  if (base === '') return;
  if (bracket < 0) {
    track.set(base, value);
    return;
  }

  let target = track;
  let index: string | null = base;
  let pos = bracket;
  for (;;) {
    const start = pos + 1;
    let next: string | null;
    let close: number;
    if (varName.charAt(start) === ']') {
      next = null;
      close = start;
    } else {
      close = varName.indexOf(']', start);
      if (close < 0) {
        // Not an index after all. At the first level PHP turns the '[' into '_' and keeps the rest.
        if (target === track) index = `${base}_${varName.slice(start)}`;
        break;
      }
      next = varName.slice(start, close);
    }
    target = descend(target, index);
    index = next;
    pos = close + 1;
    if (varName.charAt(pos) !== '[') break;
  }
  if (index === null) target.push(value);
  else target.set(index, value);
}

function descend(target: PhpArray, index: string | null): PhpArray {
  const child = new PhpArray();
  if (index === null) {
    target.push(child);
    return child;
  }
  const existing = target.get(index);
  if (existing instanceof PhpArray) return existing;
  target.set(index, child); // a scalar in the way is replaced, as in PHP
  return child;
}

/**
 * parse_str() / PHP's treatment of a query string or an urlencoded body. A JS string is taken as
 * UTF-8 text; a Buffer as the raw bytes off the wire.
 */
export function parsePhpQuery(input: string | Buffer, into: PhpArray = new PhpArray(), maxVars = MAX_INPUT_VARS): PhpArray {
  const raw = (typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('latin1');
  let count = 0;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    if (++count > maxVars) break;
    const eq = pair.indexOf('=');
    const name = phpUrlDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : phpUrlDecode(pair.slice(eq + 1));
    registerVariable(into, name, value);
  }
  return into;
}

/** How PHP builds $_REQUEST from $_GET then $_POST: the later source wins, arrays merge recursively. */
export function mergePhpArrays(dest: PhpArray, src: PhpArray): PhpArray {
  for (const [key, value] of src.entries()) {
    const existing = dest.get(key);
    if (value instanceof PhpArray && existing instanceof PhpArray) mergePhpArrays(existing, value);
    else dest.set(key, value);
  }
  return dest;
}

/** A copy with every string value passed through `transform` (keys untouched). */
export function mapPhpValues(source: PhpArray, transform: (value: string) => string): PhpArray {
  const copy = new PhpArray();
  for (const [key, value] of source.entries()) {
    copy.set(key, typeof value === 'string' ? transform(value) : mapPhpValues(value, transform));
  }
  return copy;
}
