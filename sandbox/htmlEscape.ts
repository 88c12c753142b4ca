// PHP htmlspecialchars($text, ENT_QUOTES) with double encoding: WHMCS runs every incoming request
// value through it before any action sees it, so this is what ends up in the database.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#039;',
  '<': '&lt;',
  '>': '&gt;',
};

export function htmlEscape(text: string): string {
  return text.replace(/[&"'<>]/g, (c) => ENTITIES[c] ?? c);
}
