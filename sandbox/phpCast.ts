// PHP's loose conversions, which the WHMCS actions apply to request strings.

// Leading whitespace, sign, digits, optional fraction and exponent: what PHP 7.1+ reads from the
// start of a string in an (int) cast ("12abc" -> 12, "1e3" -> 1000, "abc" -> 0).
const LEADING_NUMBER = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/;
const PHP_INT_MAX = 9223372036854775807;

/** PHP (int)$string. */
export function phpInt(text: string): number {
  const match = LEADING_NUMBER.exec(text);
  if (!match?.[1]) return 0;
  const value = Math.trunc(Number(match[1]));
  if (!Number.isFinite(value)) return value > 0 ? PHP_INT_MAX : -PHP_INT_MAX - 1;
  return Math.max(-PHP_INT_MAX - 1, Math.min(PHP_INT_MAX, value)) || 0; // `|| 0` folds -0
}

/** PHP truthiness of a request string: only "" and "0" are false ("false" is true). */
export function phpTruthy(text: string | undefined): boolean {
  return text !== undefined && text !== '' && text !== '0';
}
