// PHP json_encode() as the two WHMCS generations call it. PHP escapes non-ASCII as \uXXXX (lower-case
// hex, surrogate pairs) unless JSON_UNESCAPED_UNICODE, which neither flavor passes.
export interface JsonStyle {
  /** JSON_HEX_TAG|AMP|APOS|QUOT: & < > ' " as \u0026 \u003C \u003E \u0027 \u0022 (WHMCS 8). */
  readonly hexEscapes: boolean;
  /** Default PHP behaviour: '/' as '\/' (WHMCS 7; WHMCS 8 passes JSON_UNESCAPED_SLASHES). */
  readonly escapeSlashes: boolean;
  /** Integers as numeric strings, as values straight from PDO arrive in WHMCS 7. */
  readonly numbersAsStrings: boolean;
}

const HEX: Readonly<Record<string, string>> = {
  '\\"': '\\u0022',
  '&': '\\u0026',
  "'": '\\u0027',
  '<': '\\u003C',
  '>': '\\u003E',
};

// JSON.stringify already escapes like PHP for quotes, backslashes and control characters (\b \f
// \n \r \t, others \u00xx). One pass then adds PHP's extra escapes. Escape pairs (\x) are matched
// as a unit so that an escaped backslash before a closing quote is never read as \". The
// characters matched alone only ever occur inside strings.
function patternFor(style: JsonStyle): RegExp {
  const extra = (style.hexEscapes ? "&'<>" : '') + (style.escapeSlashes ? '/' : '');
  return new RegExp(`\\\\.|[${extra}\\u0080-\\uffff]`, 'g');
}

function integersAsStrings(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
}

export function phpJsonEncode(value: unknown, style: JsonStyle): string {
  const standard = style.numbersAsStrings ? JSON.stringify(value, integersAsStrings) : JSON.stringify(value);
  return (standard ?? 'null').replace(patternFor(style), (match) => {
    if (match.length === 2) return style.hexEscapes && match === '\\"' ? '\\u0022' : match;
    if (match === '/') return '\\/';
    return HEX[match] ?? `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
