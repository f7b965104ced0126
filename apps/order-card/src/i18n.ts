import type { CardState, PromoCodeVerdict } from './api/card-api';

export type Locale = 'ru' | 'en';

/** The CRM's `system.locale` (`ru-RU`, `en-GB`, `es-ES`): Russian for ru, English otherwise. */
export const localeOf = (systemLocale: string | null | undefined): Locale =>
  systemLocale?.toLowerCase().startsWith('ru') ? 'ru' : 'en';

const en = {
  title: 'Mindbox: promo code and points',
  promoCode: 'Promo code',
  promoPlaceholder: 'Enter a code',
  check: 'Check',
  apply: 'Apply',
  discount: 'Discount',
  total: 'Total',
  subtotal: 'Before discounts',
  balance: 'Bonus points',
  balanceTotal: 'Balance',
  balanceAvailable: 'Available',
  balanceBlocked: 'Blocked',
  maxForOrder: 'Most for this order',
  pointsToSpend: 'Points to spend',
  pointsOverMax: 'No more than {max} points for this order',
  applied: 'Applied: discount {discount}, {points} points',
  promotions: 'Promotions',
  noPromotions: 'No promotions apply to this order',
  loading: 'Asking Mindbox…',
  refresh: 'Refresh',
  verdict: {
    valid: 'Valid',
    'not-found': 'Not found',
    'already-used': 'Already used',
    'not-yet-active': 'Not active yet',
    expired: 'Expired',
    'not-for-this-order': 'Does not apply to this order',
    blocked: 'Blocked',
    'not-issued': 'Not issued',
    unavailable: 'Unavailable',
    unknown: 'Unknown status',
  } satisfies Record<PromoCodeVerdict, string>,
  state: {
    ok: '',
    'empty-order': 'Add items to the order first',
    'no-customer': 'The order has no customer: points need one',
    'unknown-customer': 'Mindbox does not know this customer yet',
    'not-configured': 'The Mindbox module is not set up for this account',
    inactive: 'The Mindbox module is switched off',
    'mindbox-unavailable': 'Mindbox did not answer. Try again in a minute',
    refused: 'Mindbox refused',
    error: 'Something went wrong; try again',
  } satisfies Record<CardState, string>,
};

export type Messages = typeof en;

const ru: Messages = {
  title: 'Mindbox: промокод и баллы',
  promoCode: 'Промокод',
  promoPlaceholder: 'Введите код',
  check: 'Проверить',
  apply: 'Применить',
  discount: 'Скидка',
  total: 'Итого',
  subtotal: 'Без скидок',
  balance: 'Бонусные баллы',
  balanceTotal: 'Баланс',
  balanceAvailable: 'Доступно',
  balanceBlocked: 'Заблокировано',
  maxForOrder: 'Можно списать в этом заказе',
  pointsToSpend: 'Списать баллов',
  pointsOverMax: 'Не больше {max} баллов для этого заказа',
  applied: 'Применено: скидка {discount}, баллов {points}',
  promotions: 'Акции',
  noPromotions: 'К заказу не применяется ни одна акция',
  loading: 'Запрос в Mindbox…',
  refresh: 'Обновить',
  verdict: {
    valid: 'Действует',
    'not-found': 'Не найден',
    'already-used': 'Уже использован',
    'not-yet-active': 'Ещё не активен',
    expired: 'Истёк',
    'not-for-this-order': 'Не подходит к этому заказу',
    blocked: 'Заблокирован',
    'not-issued': 'Не выдан',
    unavailable: 'Недоступен',
    unknown: 'Статус неизвестен',
  },
  state: {
    ok: '',
    'empty-order': 'Сначала добавьте товары в заказ',
    'no-customer': 'В заказе нет клиента: баллы списываются только у клиента',
    'unknown-customer': 'Mindbox ещё не знает этого клиента',
    'not-configured': 'Модуль Mindbox не настроен для этого аккаунта',
    inactive: 'Модуль Mindbox выключен',
    'mindbox-unavailable': 'Mindbox не ответил. Попробуйте через минуту',
    refused: 'Mindbox отказал',
    error: 'Что-то пошло не так, попробуйте ещё раз',
  },
};

export const MESSAGES: Record<Locale, Messages> = { ru, en };

/** Fills `{name}` placeholders. */
export const format = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** Money and points as the locale writes them. */
export const formatAmount = (locale: Locale, value: number): string =>
  new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
