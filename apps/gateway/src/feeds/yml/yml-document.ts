import { cleanXmlText, escapeXml } from './xml-text';

/** The `<shop>` head of the feed. */
export interface FeedShop {
  name: string;
  company: string;
  url?: string;
  currency: string;
}

/** A category as the feed lists it. */
export interface FeedCategory {
  id: string;
  parentId?: string;
  name: string;
}

/** An offer as the feed lists it; every text already cleaned. */
export interface FeedOffer {
  id: string;
  groupId?: string;
  available: boolean;
  name: string;
  url?: string;
  price: string;
  currency: string;
  categoryId?: string;
  picture?: string;
  vendor?: string;
}

/** Text for an element or attribute: cleaned of what XML forbids, then escaped. */
export function xmlText(value: string): string {
  return escapeXml(cleanXmlText(value).text);
}

const element = (name: string, value: string | undefined, indent: string): string =>
  value === undefined || value === '' ? '' : `${indent}<${name}>${xmlText(value)}</${name}>\n`;

/** The XML declaration and the root element with its date: the only part that changes every build. */
export function ymlPreamble(date: Date): string {
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="${stamp}">\n`;
}

/** From `<shop>` to the opening of `<categories>`. */
export function ymlShopHead(shop: FeedShop): string {
  return (
    '  <shop>\n' +
    element('name', shop.name, '    ') +
    element('company', shop.company, '    ') +
    element('url', shop.url, '    ') +
    `    <currencies>\n      <currency id="${xmlText(shop.currency)}" rate="1"/>\n    </currencies>\n` +
    '    <categories>\n'
  );
}

export function ymlCategory(category: FeedCategory): string {
  const parent = category.parentId === undefined ? '' : ` parentId="${xmlText(category.parentId)}"`;
  return `      <category id="${xmlText(category.id)}"${parent}>${xmlText(category.name)}</category>\n`;
}

/** Closes `<categories>`, opens `<offers>`. */
export const YML_OFFERS_OPEN = '    </categories>\n    <offers>\n';

export function ymlOffer(offer: FeedOffer): string {
  const group = offer.groupId === undefined ? '' : ` group_id="${xmlText(offer.groupId)}"`;
  const indent = '        ';
  return (
    `      <offer id="${xmlText(offer.id)}"${group} available="${offer.available}">\n` +
    element('name', offer.name, indent) +
    element('url', offer.url, indent) +
    element('price', offer.price, indent) +
    element('currencyId', offer.currency, indent) +
    element('categoryId', offer.categoryId, indent) +
    element('picture', offer.picture, indent) +
    element('vendor', offer.vendor, indent) +
    '      </offer>\n'
  );
}

export const YML_CLOSE = '    </offers>\n  </shop>\n</yml_catalog>\n';
