import { cleanXmlText, escapeXml } from './xml-text';
import { ymlCategory, ymlOffer, ymlPreamble, ymlShopHead, YML_CLOSE, YML_OFFERS_OPEN } from './yml-document';

describe('XML text', () => {
  it('drops what XML 1.0 forbids and keeps what it allows, astral characters included', () => {
    expect(cleanXmlText('a\u0001b\u0008c\u000Bd\uFFFEe\uD800f')).toEqual({ text: 'abcdef', cleaned: true });
    expect(cleanXmlText('Tab\tLF\nCR\r ёжик 😀')).toEqual({ text: 'Tab\tLF\nCR\r ёжик 😀', cleaned: false });
  });

  it('escapes markup in content and attributes', () => {
    expect(escapeXml(`Tom & "Jerry" <'s>`)).toBe('Tom &amp; &quot;Jerry&quot; &lt;&apos;s&gt;');
  });
});

describe('YML document', () => {
  it('writes a catalogue with escaped, cleaned text', () => {
    const xml =
      ymlPreamble(new Date('2026-11-29T10:00:00.123Z')) +
      ymlShopHead({
        name: 'Shop & Co',
        company: 'Shop & Co',
        url: 'https://shop.example.com',
        currency: 'RUB',
      }) +
      ymlCategory({ id: 'g-1', name: 'Обувь' }) +
      ymlCategory({ id: 'g-2', parentId: 'g-1', name: 'Кеды <new>' }) +
      YML_OFFERS_OPEN +
      ymlOffer({
        id: 'o"1',
        groupId: 'p-1',
        available: false,
        name: 'Кеды \u0001"Ultra"',
        price: '1990.5',
        currency: 'RUB',
        categoryId: 'g-2',
        url: 'https://shop.example.com/p?a=1&b=2',
      }) +
      YML_CLOSE;
    expect(xml).toContain('<yml_catalog date="2026-11-29T10:00:00+00:00">');
    expect(xml).toContain('<name>Shop &amp; Co</name>');
    expect(xml).toContain('<category id="g-2" parentId="g-1">Кеды &lt;new&gt;</category>');
    expect(xml).toContain('<offer id="o&quot;1" group_id="p-1" available="false">');
    expect(xml).toContain('<name>Кеды &quot;Ultra&quot;</name>');
    expect(xml).toContain('<url>https://shop.example.com/p?a=1&amp;b=2</url>');
    expect(xml).not.toContain('<picture>');
    expect(xml.trimEnd().endsWith('</yml_catalog>')).toBe(true);
  });
});
