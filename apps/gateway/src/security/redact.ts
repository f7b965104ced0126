// Secrets that can end up inside an error's text: keys and tokens in "name=value" or
// "name: value" form, "Authorization" values, and long hex strings (clientIds, tokens).
const NAMED =
  /\b(api[-_]?key|secret[-_]?key|secret|token|client[-_]?id|password|authorization)(["']?\s*[:=]\s*["']?)(?:(?:SecretKey|Bearer|Mindbox)\s+)?[^\s"'&,;}]+/gi;
const LONG_HEX = /\b[0-9a-f]{32,}\b/gi;
const URL_PASSWORD = /(\/\/[^/\s:@]+):[^@\s/]+@/g;

/** The text with anything that looks like a secret replaced by `[redacted]`, for a log line. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, '$1:[redacted]@')
    .replace(NAMED, (_match, name: string, separator: string) => `${name}${separator}[redacted]`)
    .replace(LONG_HEX, '[redacted]');
}
