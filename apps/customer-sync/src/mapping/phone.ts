/**
 * The country code put in front of a 10-digit number written without one. RetailCRM's shops are
 * mostly in Russia and Kazakhstan, where the national format is 10 digits after "8" or "+7".
 */
export const DEFAULT_COUNTRY_CODE = '7';

/**
 * A phone as Mindbox wants it: digits only, with the country code (E.164 without "+").
 * `+7 (909) 405-50-45`, `8 909 405 50 45`, `9094055045` and `0079094055045` all give
 * `79094055045`. Undefined when what is left cannot be a full international number
 * (fewer than 11 or more than 15 digits).
 */
export function normalisePhone(
  raw: string | undefined | null,
  countryCode = DEFAULT_COUNTRY_CODE,
): string | undefined {
  if (!raw) return undefined;
  const written = raw.trim();
  let digits = written.replace(/\D/g, '');
  if (written.startsWith('+')) {
    // Already international.
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.length === 11 && digits.startsWith('8') && countryCode === '7') {
    digits = `7${digits.slice(1)}`;
  } else if (digits.length === 10) {
    digits = `${countryCode}${digits}`;
  }
  return digits.length >= 11 && digits.length <= 15 ? digits : undefined;
}

/** The first of the customer's phones that normalises, in the CRM's order (the main one first). */
export function mainPhone(phones: readonly { number?: unknown }[] | undefined): string | undefined {
  for (const phone of phones ?? []) {
    const normalised = typeof phone.number === 'string' ? normalisePhone(phone.number) : undefined;
    if (normalised) return normalised;
  }
  return undefined;
}
