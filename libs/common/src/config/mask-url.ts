const MASK = '****';

// `scheme://user:password@` anywhere in a string. The password runs to the LAST '@' before the
// path, so an unencoded '@' or ':' in it (`p@ss`) is masked whole rather than half-leaked.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/]*@/gi;

/**
 * Replaces the password of every `scheme://user:password@host` URL in `text` with `****`, so the
 * string can be logged or shown in an error message. Works on invalid URLs and on free text
 * (driver error messages) too.
 *
 * @example maskUrl('postgres://postgres:secret@db:5432/app') // 'postgres://postgres:****@db:5432/app'
 */
export function maskUrl(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${MASK}@`);
}
