import type { CustomField, JsonObject, Offer, References } from './crm.types';

/** A shop of a simulated account. */
export interface SiteSpec {
  code: string;
  name?: string;
}

/** Every scope a simple-connection module may ask for, given to keys made without a list. */
export const ALL_SCOPES = [
  'integration_read',
  'integration_write',
  'custom_fields_read',
  'custom_fields_write',
  'customer_read',
  'customer_write',
  'order_read',
  'order_write',
  'user_read',
  'user_write',
  'reference_read',
  'reference_write',
  'store_read',
  'store_write',
  'loyalty_read',
  'loyalty_write',
  'analytics_write',
];

// Order statuses and groups as a typical account has them (the fixtures without their test junk).
const STATUS_GROUPS: [string, string, boolean, [string, string][]][] = [
  ['new', 'Новый', false, [['new', 'Новый']]],
  [
    'approval',
    'Согласование',
    true,
    [
      ['availability-confirmed', 'Наличие подтверждено'],
      ['offer-analog', 'Предложить замену'],
      ['client-confirmed', 'Согласовано с клиентом'],
      ['prepayed', 'Предоплата поступила'],
    ],
  ],
  [
    'assembling',
    'Комплектация',
    true,
    [
      ['send-to-assembling', 'Передано в комплектацию'],
      ['assembling', 'Комплектуется'],
      ['assembling-complete', 'Укомплектован'],
    ],
  ],
  [
    'delivery',
    'Доставка',
    true,
    [
      ['send-to-delivery', 'Передан в доставку'],
      ['delivering', 'Доставляется'],
      ['redirect', 'Доставка перенесена'],
      ['delivered', 'Доставлен'],
    ],
  ],
  ['complete', 'Выполнен', false, [['complete', 'Выполнен']]],
  [
    'cancel',
    'Отменен',
    false,
    [
      ['no-call', 'Недозвон'],
      ['no-product', 'Нет в наличии'],
      ['already-buyed', 'Купил в другом месте'],
      ['delyvery-did-not-suit', 'Не устроила доставка'],
      ['prices-did-not-suit', 'Не устроила цена'],
      ['cancel-other', 'Отменен'],
    ],
  ],
];

const ORDER_METHODS: [string, string][] = [
  ['phone', 'По телефону'],
  ['shopping-cart', 'Через корзину'],
  ['one-click', 'В один клик'],
  ['landing-page', 'Заявка с посадочной страницы'],
  ['offline', 'Оффлайн'],
  ['app', 'Мобильное приложение'],
  ['live-chat', 'Онлайн-консультант'],
  ['messenger', 'Мессенджеры'],
];

const PRODUCT_STATUSES: [string, string, boolean][] = [
  ['new', 'Добавлен', false],
  ['confirming', 'Подтверждение наличия', false],
  ['in-reserve', 'В резерве', false],
  ['ready-for-assembly', 'Готов к комплектации', false],
  ['completed', 'Укомплектован', false],
  ['saled', 'Продан', false],
  ['out-of-stock', 'Нет в наличии', true],
  ['failure', 'Отказ клиента', true],
  ['returned', 'Возврат', true],
];

const CREATED_AT = '2018-09-04 16:35:03';

function dictionary<T extends { code: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.code, item]));
}

function site(spec: SiteSpec, index: number): JsonObject {
  const name = spec.name ?? `Магазин ${spec.code}`;
  const url = `https://${spec.code.replace(/[^a-z0-9-]/gi, '').toLowerCase() || 'shop'}.example.com`;
  return {
    id: index + 1,
    name,
    url,
    code: spec.code,
    description: `Интернет-магазин «${name}»`,
    defaultForCrm: index === 0,
    ymlUrl: `${url}/catalog.yml`,
    loadFromYml: true,
    catalogUpdatedAt: '2024-02-24 12:30:46',
    catalogLoadingAt: '2024-03-02 15:09:24',
    contragent: {
      contragentType: 'legal-entity',
      legalName: `ООО «${name}»`,
      INN: String(7_700_000_000 + index),
      code: spec.code,
      countryIso: 'RU',
      certificateDate: '2020-01-01',
    },
    countryIso: 'RU',
    currency: 'RUB',
    senderEmail: `shop@${url.slice('https://'.length)}`,
    senderName: name,
    catalogId: String(index + 1),
    isCatalogMainSite: index === 0,
    ordering: 990 + index,
    isDemo: false,
  };
}

/** Custom fields an account has before any module creates its own. */
export function defaultCustomFields(): CustomField[] {
  const field = (
    entity: CustomField['entity'],
    code: string,
    name: string,
    type: string,
    extra: Partial<CustomField> = {},
  ): CustomField => ({
    name,
    code,
    required: false,
    inFilter: true,
    inList: true,
    inGroupActions: false,
    type,
    entity,
    ordering: 50,
    displayArea: 'customer',
    viewMode: 'editable',
    ...extra,
  });
  return [
    field('order', 'gift_wrap', 'Подарочная упаковка', 'boolean', { default: 'false' }),
    field('order', 'courier_comment', 'Комментарий курьеру', 'text', { displayArea: 'delivery' }),
    field('customer', 'loyalty_card', 'Карта лояльности', 'string', { displayArea: 'main_data' }),
    field('customer', 'child_birthday', 'День рождения ребёнка', 'date', { displayArea: 'main_data' }),
  ];
}

/** Dictionaries of a new account: shops as given, the rest like the fixtures. */
export function defaultReferences(sites: SiteSpec[]): References {
  const statuses = STATUS_GROUPS.flatMap(([group, , , list]) =>
    list.map(([code, name], index) => ({ name, code, active: true, ordering: (index + 1) * 10, group })),
  );
  const statusGroups = STATUS_GROUPS.map(([code, name, process, list], index) => ({
    name,
    code,
    active: true,
    ordering: (index + 1) * 10,
    process,
    statuses: list.map(([status]) => status),
  }));
  const orderMethods = ORDER_METHODS.map(([code, name]) => ({
    name,
    code,
    active: true,
    defaultForCrm: code === 'phone',
    defaultForApi: code === 'shopping-cart',
    isFromPos: false,
  }));
  const productStatuses = PRODUCT_STATUSES.map(([code, name, cancelStatus], index) => ({
    code,
    ordering: (index + 1) * 10,
    active: true,
    createdAt: CREATED_AT,
    cancelStatus,
    name,
  }));
  const firstSite = sites[0]?.code ?? 'shop';
  return {
    sites: Object.fromEntries(sites.map((spec, index) => [spec.code, site(spec, index)])),
    statuses: dictionary(statuses),
    statusGroups: dictionary(statusGroups),
    orderMethods: dictionary(orderMethods),
    orderTypes: dictionary([
      {
        name: 'Физическое лицо',
        code: 'eshop-individual',
        active: true,
        defaultForCrm: true,
        defaultForApi: true,
      },
      {
        name: 'Юридическое лицо',
        code: 'eshop-legal',
        active: true,
        defaultForCrm: false,
        defaultForApi: false,
      },
    ]),
    productStatuses: dictionary(productStatuses),
    paymentTypes: dictionary([
      { name: 'Наличными', code: 'cash', active: true, defaultForCrm: true, defaultForApi: false },
      {
        name: 'Банковской картой',
        code: 'bank-card',
        active: true,
        defaultForCrm: false,
        defaultForApi: true,
      },
      {
        name: 'Банковский перевод',
        code: 'bank-transfer',
        active: true,
        defaultForCrm: false,
        defaultForApi: false,
      },
    ]),
    paymentStatuses: dictionary([
      { name: 'Не оплачен', code: 'not-paid', active: true, ordering: 10, paymentComplete: false },
      { name: 'Оплачен', code: 'paid', active: true, ordering: 20, paymentComplete: true },
      { name: 'Возврат', code: 'returned', active: true, ordering: 30, paymentComplete: false },
    ]),
    deliveryTypes: dictionary([
      { name: 'Курьер', code: 'courier', active: true, defaultCost: 300, defaultForCrm: true },
      { name: 'Самовывоз', code: 'self-delivery', active: true, defaultCost: 0, defaultForCrm: false },
      { name: 'Почта России', code: 'russian-post', active: true, defaultCost: 250, defaultForCrm: false },
    ]),
    stores: dictionary([
      { name: 'Основной склад', code: 'main', active: true, type: 'store-type-warehouse' },
    ]),
    settings: {
      default_currency: { value: 'RUB', updated_at: '2020-12-02 14:54:16' },
      system_language: { value: 'RU', updated_at: '2020-02-19 16:29:25' },
      timezone: { value: 'Europe/Moscow', updated_at: '2021-02-08 08:29:40' },
      work_times: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((day) => ({
        day_type: day,
        start_time: '09:00',
        end_time: '18:00',
        lunch_start_time: '13:00',
        lunch_end_time: '14:00',
      })),
      non_working_days: [],
      mg: {
        order_creation: {
          default: { site: firstSite, order_type: 'eshop-individual', order_method: 'messenger' },
          channels: {},
        },
      },
    },
  };
}

const PRODUCTS: [string, number][] = [
  ['Кроссовки беговые', 5990],
  ['Футболка хлопковая', 1290],
  ['Джинсы прямые', 3490],
  ['Куртка демисезонная', 8990],
  ['Рюкзак городской', 2790],
  ['Шапка вязаная', 790],
  ['Носки спортивные, 3 пары', 490],
  ['Толстовка с капюшоном', 3290],
  ['Ремень кожаный', 1590],
  ['Очки солнцезащитные', 2190],
  ['Термокружка', 990],
  ['Зонт складной', 1390],
];
const SIZES = ['S', 'M', 'L', 'XL'];
const PIECE = { code: '796', name: 'Штука', sym: 'шт' };

/** The catalogue every account sells from: a dozen products in four sizes. */
export function defaultCatalogue(): Offer[] {
  return PRODUCTS.flatMap(([name, price], product) =>
    SIZES.map((size, index) => {
      const id = 1000 + product * SIZES.length + index;
      const article = `ART-${100 + product}-${size}`;
      return {
        displayName: `${name} (${size})`,
        id,
        externalId: `offer-${id}`,
        xmlId: `xml-${id}`,
        name,
        article,
        vatRate: 'none',
        unit: PIECE,
        price,
        purchasePrice: Math.round(price * 0.55),
      };
    }),
  );
}
