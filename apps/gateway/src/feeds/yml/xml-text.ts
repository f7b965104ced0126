// Characters XML 1.0 allows (section 2.2), as the complement: C0 controls but tab, LF and CR,
// lone surrogates, U+FFFE and U+FFFF. With the `u` flag a paired surrogate is one code point and
// does not match; a lone one does.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;
const SPECIAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text made safe for XML 1.0, and whether characters had to be dropped. */
export interface CleanText {
  text: string;
  cleaned: boolean;
}

/** Drops the characters XML 1.0 forbids (they cannot even be escaped) and trims the result. */
export function cleanXmlText(value: string): CleanText {
  const text = value.replace(ILLEGAL, '');
  return { text: text.trim(), cleaned: text.length !== value.length };
}

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeXml(value: string): string {
  return value.replace(SPECIAL, (char) => ENTITIES[char]);
}
