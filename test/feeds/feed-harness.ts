import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A raw HTTP answer: status, headers and the body bytes exactly as sent (not decoded). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET (or HEAD) with the given headers, the body left as it came over the wire. */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** An offer of the feed as the test reads it. */
export interface ParsedOffer {
  id: string;
  groupId: string;
  available: string;
  name: string;
  price: string;
  currencyId: string;
  categoryId?: string;
  url?: string;
  picture?: string;
  vendor?: string;
}

/** The parts of a YML catalogue the tests check. */
export interface ParsedFeed {
  date: string;
  currencies: string[];
  categories: { id: string; parentId?: string; name: string }[];
  offers: ParsedOffer[];
}

// Characters XML 1.0 forbids; the validator does not look for them.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Checks that the text is well-formed XML 1.0 and reads the catalogue out of it. */
export function parseFeed(xml: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`feed is not well-formed XML: ${JSON.stringify(valid.err)}`);
  if (ILLEGAL.test(xml)) throw new Error('feed holds characters XML 1.0 forbids');
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'))
    throw new Error('feed has no UTF-8 declaration');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    textNodeName: 'text',
  });
  const document = parser.parse(xml) as {
    yml_catalog: {
      date: string;
      shop: {
        currencies: { currency: { id: string } | { id: string }[] };
        categories?: {
          category?:
            | { id: string; parentId?: string; text: string }
            | { id: string; parentId?: string; text: string }[];
        };
        offers?: { offer?: Record<string, string> | Record<string, string>[] };
      };
    };
  };
  const { shop } = document.yml_catalog;
  return {
    date: document.yml_catalog.date,
    currencies: list(shop.currencies.currency).map((currency) => currency.id),
    categories: list(shop.categories?.category).map((category) => ({
      id: category.id,
      ...(category.parentId !== undefined ? { parentId: category.parentId } : {}),
      name: category.text,
    })),
    offers: list(shop.offers?.offer).map((offer) => ({
      id: offer.id,
      groupId: offer.group_id,
      available: offer.available,
      name: offer.name,
      price: offer.price,
      currencyId: offer.currencyId,
      categoryId: offer.categoryId,
      url: offer.url,
      picture: offer.picture,
      vendor: offer.vendor,
    })),
  };
}

/** The body of a raw answer as text, gunzipped when it came gzipped. */
export function bodyText(answer: RawAnswer): string {
  const gzipped = answer.headers['content-encoding'] === 'gzip';
  return (gzipped ? gunzipSync(answer.body) : answer.body).toString('utf8');
}

/** Polls `probe` until it gives a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
