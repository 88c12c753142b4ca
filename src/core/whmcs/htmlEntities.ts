// WHMCS HTML-escapes every incoming string (htmlspecialchars, ENT_QUOTES) before storing it, so
// values read back are escaped. Decoding exactly once, in one pass, gives back what the user
// typed: "&amp;lt;" becomes "&lt;", never "<".
const ENTITY = /&(?:amp|lt|gt|quot|apos|#0*39|#x0*27);/gi;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (entity) => {
    const name = entity.slice(1, -1).toLowerCase();
    return DECODED[name] ?? "'";
  });
}
