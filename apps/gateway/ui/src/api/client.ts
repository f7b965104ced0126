import { readJournal, readSyncStatus } from './sync-readers';
import type {
  FieldErrors,
  JournalEntry,
  ProductFeed,
  References,
  SettingsView,
  SyncEntity,
  SyncStatus,
  TabBodies,
  TabName,
} from './types';

/** Why a call failed, as the page tells the user. */
export type ApiErrorKind = 'unauthorized' | 'invalid' | 'not-found' | 'network' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    /** Field path -> message; only for `invalid` (422). */
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Saving Access or Mindbox makes the server call the CRM or Mindbox first; give it time.
const TIMEOUT_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nest answers `message` as a string or a list of strings. */
function messageOf(body: unknown, fallback: string): string {
  if (!isRecord(body)) return fallback;
  const { message } = body;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ') || fallback;
  return fallback;
}

function fieldErrorsOf(body: unknown): FieldErrors {
  if (!isRecord(body) || !isRecord(body.errors)) return {};
  const errors: FieldErrors = {};
  for (const [path, text] of Object.entries(body.errors)) {
    if (typeof text === 'string') errors[path] = text;
    else if (Array.isArray(text)) errors[path] = text.filter((t) => typeof t === 'string').join('; ');
  }
  return errors;
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 422) return 'invalid';
  return 'server';
}

/**
 * The gateway's `/api/v1` for one account. Every call carries `Authorization: Bearer <clientId>`;
 * the clientId comes from the page's own address and is kept nowhere else.
 */
export class SettingsApi {
  constructor(
    private readonly clientId: string,
    private readonly base = '/api/v1',
  ) {}

  getSettings(): Promise<SettingsView> {
    return this.call<SettingsView>('GET', '/settings');
  }

  saveTab<T extends TabName>(tab: T, body: TabBodies[T]): Promise<TabBodies[T]> {
    return this.call<TabBodies[T]>('PUT', `/settings/${tab}`, body);
  }

  getReferences(): Promise<References> {
    return this.call<References>('GET', '/references');
  }

  regenerateHookUrl(): Promise<{ hookUrl: string }> {
    return this.call<{ hookUrl: string }>('POST', '/settings/access/hook-token');
  }

  getProductFeed(): Promise<ProductFeed> {
    return this.call<ProductFeed>('GET', '/settings/products/feed');
  }

  regenerateFeedUrl(): Promise<{ feedUrl: string }> {
    return this.call<{ feedUrl: string }>('POST', '/settings/products/feed-token');
  }

  async getSyncStatus(): Promise<SyncStatus> {
    return readSyncStatus(await this.call<unknown>('GET', '/sync/status'));
  }

  async getJournal(): Promise<JournalEntry[]> {
    return readJournal(await this.call<unknown>('GET', '/sync/journal'));
  }

  /** `entity`: whose journal the entry is from (the journal names it); customers when unknown. */
  async retryJournalEntry(id: string, entity: string): Promise<void> {
    const body = entity === 'orders' ? { entity } : { entity: 'customers' };
    await this.call<unknown>('POST', `/sync/journal/${encodeURIComponent(id)}/retry`, body);
  }

  async startFullLoad(entity: SyncEntity): Promise<void> {
    await this.call<unknown>('POST', '/sync/full-load', { entity });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.clientId}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const kind = kindOf(response.status);
      throw new ApiError(
        kind,
        response.status,
        messageOf(parsed, `HTTP ${response.status}`),
        kind === 'invalid' ? fieldErrorsOf(parsed) : {},
      );
    }
    return parsed as T;
  }
}

/** The clientId in `/settings/{clientId}`, or null when the page was opened some other way. */
export function clientIdFromPath(pathname: string): string | null {
  const match = /\/settings\/([A-Za-z0-9_-]{8,200})\/?$/.exec(pathname);
  return match?.[1] ?? null;
}
