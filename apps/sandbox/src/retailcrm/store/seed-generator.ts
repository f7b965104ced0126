import { randomSource } from '../../random/random-source';
import type { Customer, Offer, Order } from './crm.types';
import { emailSubscription } from './customer-input';
import type { OrderIds } from './order-book';
import { blankOrder, newItem, PaymentDraft } from './order-input';

const MALE = [
  ['Александр', 'Александрович'],
  ['Дмитрий', 'Дмитриевич'],
  ['Максим', 'Максимович'],
  ['Сергей', 'Сергеевич'],
  ['Андрей', 'Андреевич'],
  ['Алексей', 'Алексеевич'],
  ['Иван', 'Иванович'],
  ['Михаил', 'Михайлович'],
] as const;
const FEMALE = [
  ['Анна', 'Александровна'],
  ['Мария', 'Дмитриевна'],
  ['Елена', 'Сергеевна'],
  ['Ольга', 'Андреевна'],
  ['Наталья', 'Ивановна'],
  ['Екатерина', 'Михайловна'],
  ['Татьяна', 'Алексеевна'],
  ['Ирина', 'Максимовна'],
] as const;
const SURNAMES = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
];
const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const CITIES = [
  { city: 'Москва', cityId: 4270, region: 'Москва', regionId: 77, index: '1010' },
  { city: 'Санкт-Петербург', cityId: 4962, region: 'Санкт-Петербург', regionId: 78, index: '1900' },
  { city: 'Ростов-на-Дону', cityId: 4298, region: 'Ростовская область', regionId: 73, index: '3440' },
  { city: 'Казань', cityId: 4364, region: 'Республика Татарстан', regionId: 16, index: '4200' },
  { city: 'Екатеринбург', cityId: 4743, region: 'Свердловская область', regionId: 66, index: '6200' },
  { city: 'Новосибирск', cityId: 4549, region: 'Новосибирская область', regionId: 54, index: '6300' },
];
const STREETS = ['Пушкинская', 'Ленина', 'Садовая', 'Мира', 'Гагарина', 'Советская', 'Лесная'];
const MAIL_DOMAINS = ['example.com', 'mail.example.org', 'inbox.example.net'];
const METHODS = ['shopping-cart', 'shopping-cart', 'shopping-cart', 'phone', 'one-click', 'app', 'messenger'];
// Weighted towards finished orders, as in a shop that has run for a while.
const STATUSES = [
  'new',
  'new',
  'client-confirmed',
  'assembling',
  'send-to-delivery',
  'delivering',
  'complete',
  'complete',
  'complete',
  'complete',
  'cancel-other',
  'no-call',
];
const DELIVERIES: [string, number][] = [
  ['courier', 300],
  ['self-delivery', 0],
  ['russian-post', 250],
];

function latin(text: string): string {
  return [...text.toLowerCase()].map((letter) => LATIN[letter] ?? letter).join('');
}

/**
 * Realistic customers and orders for a simulated shop, built whole (no JSON reading) so that
 * tens of thousands take well under a second. Pure apart from its own seeded randomness.
 */
export class SeedGenerator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly now: Date = new Date(),
  ) {
    this.random = randomSource(seed);
  }

  customer(id: number, externalId: string | undefined, site: string, nextAddressId: () => number): Customer {
    const female = this.random() < 0.55;
    const [firstName, patronymic] = this.pick<readonly [string, string]>(female ? FEMALE : MALE);
    const surname = this.pick(SURNAMES);
    const lastName = female ? `${surname}а` : surname;
    const place = this.pick(CITIES);
    const street = this.pick(STREETS);
    const building = String(1 + this.int(120));
    const flat = String(1 + this.int(300));
    const createdAt = this.pastDate(730);
    const subscribed = this.random() < 0.9;
    const sex = female ? 'female' : 'male';
    return {
      type: 'customer',
      id,
      externalId,
      isContact: false,
      createdAt,
      managerId: 1 + this.int(5),
      vip: this.random() < 0.03,
      bad: false,
      site,
      contragent: { contragentType: 'individual' },
      tags: [],
      marginSumm: 0,
      totalSumm: 0,
      averageSumm: 0,
      ordersCount: 0,
      costSumm: 0,
      customFields: this.random() < 0.3 ? { loyalty_card: `LC-${100_000 + id}` } : {},
      personalDiscount: 0,
      cumulativeDiscount: 0,
      address: {
        id: nextAddressId(),
        index: `${place.index}${pad(this.int(100))}`,
        countryIso: 'RU',
        region: place.region,
        regionId: place.regionId,
        city: place.city,
        cityId: place.cityId,
        cityType: 'г.',
        street,
        streetId: 1_000_000 + this.int(900_000),
        streetType: 'ул.',
        building,
        flat,
        text: `ул. ${street}, д. ${building}, кв. ${flat}`,
      },
      segments: [],
      firstName,
      lastName,
      patronymic,
      sex,
      presumableSex: sex,
      birthday: `${1960 + this.int(45)}-${pad(1 + this.int(12))}-${pad(1 + this.int(28))}`,
      email: `${latin(firstName)}.${latin(lastName)}${id}@${this.pick(MAIL_DOMAINS)}`,
      emailMarketingUnsubscribedAt: subscribed ? undefined : createdAt,
      phones: [{ number: `+79${String(this.int(1_000_000_000)).padStart(9, '0')}` }],
      customerSubscriptions: [emailSubscription(subscribed, subscribed ? undefined : createdAt)],
      mgCustomers: [],
    };
  }

  /** An order of `customer` from the catalogue; finished and some other orders are paid. */
  order(
    ids: OrderIds,
    externalId: string | undefined,
    customer: Customer,
    catalogue: Offer[],
  ): { order: Order; payments: PaymentDraft[] } {
    const createdAt = this.dateSince(customer.createdAt);
    const order = blankOrder(ids.order, customer.site, createdAt, 'RUB');
    const status = this.pick(STATUSES);
    const [delivery, cost] = this.pick(DELIVERIES);
    const address = customer.address ?? {};
    const lines = 1 + this.int(3);
    const offers = new Set<Offer>();
    while (offers.size < lines) offers.add(this.pick(catalogue));
    order.externalId = externalId;
    order.orderMethod = this.pick(METHODS);
    order.status = status;
    order.statusComment = '';
    order.customerId = customer.id;
    order.firstName = customer.firstName;
    order.lastName = customer.lastName;
    order.patronymic = customer.patronymic;
    order.phone = customer.phones[0]?.number;
    order.email = customer.email;
    order.managerId = customer.managerId;
    order.fromApi = false;
    order.shipmentDate = this.futureDate(10);
    order.weight = 500 + this.int(5_000);
    order.length = 10 + this.int(50);
    order.width = 10 + this.int(40);
    order.height = 5 + this.int(30);
    order.delivery = {
      code: delivery,
      cost,
      netCost: Math.round(cost * 0.8),
      address: {
        id: ids.address(),
        index: address.index,
        countryIso: 'RU',
        region: address.region,
        regionId: address.regionId,
        city: address.city,
        cityId: address.cityId,
        street: address.street,
        streetId: address.streetId,
        building: address.building,
        text: address.text,
      },
    };
    order.items = [...offers].map((offer, line) => {
      const item = newItem(ids.item(), offer, createdAt, 1 + this.int(3));
      item.externalIds = [{ code: customer.site, value: `${externalId ?? ids.order}-${line}` }];
      if (this.random() < 0.2) item.discountManualPercent = 10;
      return item;
    });
    const paid = status === 'complete' || this.random() < 0.3;
    return {
      order,
      payments: [
        {
          id: ids.payment(),
          type: this.random() < 0.6 ? 'bank-card' : 'cash',
          status: paid ? 'paid' : 'not-paid',
          paidAt: paid ? createdAt : undefined,
        },
      ],
    };
  }

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  private pastDate(days: number): string {
    return crmDateTime(new Date(this.now.getTime() - (1 + this.random() * days) * 86_400_000));
  }

  /** A moment between `since` (a CRM date/time) and now. */
  private dateSince(since: string): string {
    const from = Date.parse(`${since.replace(' ', 'T')}Z`);
    return crmDateTime(new Date(from + this.random() * Math.max(0, this.now.getTime() - from)));
  }

  private futureDate(days: number): string {
    return crmDateTime(new Date(this.now.getTime() + (1 + this.int(days)) * 86_400_000)).slice(0, 10);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// Seed dates need no time zone precision: they only have to look like CRM dates.
function crmDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
