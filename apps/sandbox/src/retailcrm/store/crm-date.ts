const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

// Bulk writes ask for the same second thousands of times; Intl formatting is slow enough to show.
const lastFormatted = new Map<string, { second: number; text: string }>();

/** `Y-m-d H:i:s` in the account's time zone: the CRM writes dates without a zone. */
export function formatCrmDateTime(date: Date, timeZone: string): string {
  const second = Math.floor(date.getTime() / 1000);
  const last = lastFormatted.get(timeZone);
  if (last?.second === second) return last.text;
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  lastFormatted.set(timeZone, { second, text });
  return text;
}

/** `Y-m-d` in the account's time zone. */
export function formatCrmDate(date: Date, timeZone: string): string {
  return formatCrmDateTime(date, timeZone).slice(0, 10);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;

/** Whether a filter value is a CRM date (`Y-m-d`) or date/time (`Y-m-d H:i[:s]`). */
export function isCrmDate(value: string): boolean {
  return DATE_TIME.test(value);
}

/**
 * Makes a CRM date or date/time comparable as a string with `Y-m-d H:i:s` values; `end` widens a
 * bare date to the end of that day.
 */
export function normalizeCrmDate(value: string, end = false): string {
  if (value.length === 10) return `${value} ${end ? '23:59:59' : '00:00:00'}`;
  if (value.length === 16) return `${value}:${end ? '59' : '00'}`;
  return value;
}
