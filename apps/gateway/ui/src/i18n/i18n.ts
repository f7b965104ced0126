import { readonly, ref } from 'vue';
import { en, type MessageKey, type Messages } from './en';
import { ru } from './ru';

// Two languages and ~200 flat strings: a typed dictionary is enough. `ru` is checked against
// `en` by the compiler (a missing key fails `vue-tsc`), and nothing compiles messages at run
// time, which keeps the page small and free of eval under a strict CSP.

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const DICTIONARIES: Record<Locale, Messages> = { en, ru };

function isLocale(value: string | null | undefined): value is Locale {
  return LOCALES.some((locale) => locale === value);
}

/** `?lang=ru|en` first, then the browser's languages; English when neither says Russian. */
export function pickLocale(search: string, browserLanguages: readonly string[]): Locale {
  const asked = new URLSearchParams(search).get('lang')?.toLowerCase();
  if (isLocale(asked)) return asked;
  for (const language of browserLanguages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

const current = ref<Locale>(pickLocale(window.location.search, navigator.languages ?? [navigator.language]));
document.documentElement.lang = current.value;

/** Switches the language and keeps it in the address, so a reload stays in it. */
export function setLocale(locale: Locale): void {
  current.value = locale;
  document.documentElement.lang = locale;
  const url = new URL(window.location.href);
  url.searchParams.set('lang', locale);
  window.history.replaceState(window.history.state, '', url);
}

/** The text of `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[current.value][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(current.value).format(value);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current.value, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

/** A duration as `2 h 5 min` / `2 ч 5 мин`. */
export function formatDuration(seconds: number): string {
  const unit = (value: number, name: 'hour' | 'minute' | 'second'): string =>
    new Intl.NumberFormat(current.value, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  if (minutes > 0) return unit(minutes, 'minute');
  return unit(total, 'second');
}

export const locale = readonly(current);
export type { MessageKey };
