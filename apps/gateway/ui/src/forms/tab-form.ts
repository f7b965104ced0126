import {
  computed,
  inject,
  onBeforeUnmount,
  provide,
  reactive,
  ref,
  watch,
  type ComputedRef,
  type InjectionKey,
  type Ref,
} from 'vue';
import { ApiError, type SettingsApi } from '../api/client';
import type { FieldErrors, TabBodies, TabName } from '../api/types';
import { t } from '../i18n/i18n';
import { describeMessage, fieldId, messagesFor, unclaimedMessages } from './error-paths';
import { clone, sameJson } from './values';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** An input's claim on a path: its label and the list items it holds, read when needed. */
interface FieldClaim {
  label: () => string;
  items: () => readonly string[];
}

/** What the fields of one tab share: the tab's errors and the paths its inputs show. */
export interface FormContext {
  tab: TabName;
  errors: Ref<FieldErrors>;
  claimed: Map<string, FieldClaim>;
  /** Drops the messages of a field the user has just changed. */
  clear(path: string): void;
}

const FORM_CONTEXT: InjectionKey<FormContext> = Symbol('tab-form');

export interface TabFormOptions<T extends TabName, D> {
  tab: T;
  api: SettingsApi;
  /** The tab as last saved (null until first saved). */
  saved: () => TabBodies[T] | null;
  /** The inputs' model for a saved tab (or the defaults). */
  toDraft: (saved: TabBodies[T] | null) => D;
  /** The PUT body for the inputs. */
  toBody: (draft: D, saved: TabBodies[T] | null) => TabBodies[T];
  /** Checks worth making before a round trip; the server checks everything again. */
  validate?: (draft: D) => FieldErrors;
  onSaved: (body: TabBodies[T]) => void;
}

export interface TabForm<D> {
  draft: Ref<D>;
  errors: Ref<FieldErrors>;
  state: Ref<SaveState>;
  /** The summary line of a failed save. */
  failure: Ref<string | null>;
  dirty: ComputedRef<boolean>;
  /** Field messages, linked to their inputs, and messages no input shows. */
  summary: ComputedRef<{ fields: { id: string; text: string }[]; other: string[] }>;
  save: () => Promise<boolean>;
}

/** Draft, save and error handling of one settings tab; its fields read errors through inject. */
export function useTabForm<T extends TabName, D>(options: TabFormOptions<T, D>): TabForm<D> {
  const draft = ref(options.toDraft(clone(options.saved()))) as Ref<D>;
  const errors = ref<FieldErrors>({});
  const state = ref<SaveState>('idle');
  const failure = ref<string | null>(null);
  const claimed = reactive(new Map<string, FieldClaim>());

  // A save elsewhere (or a reload) replaces the saved copy: start again from it.
  watch(options.saved, (saved) => {
    draft.value = options.toDraft(clone(saved));
  });

  const dirty = computed(() => {
    const saved = options.saved();
    return !sameJson(
      options.toBody(draft.value, saved),
      options.toBody(options.toDraft(clone(saved)), saved),
    );
  });

  const summary = computed(() => {
    const fields: { id: string; text: string }[] = [];
    for (const [path, claim] of claimed) {
      for (const message of messagesFor(errors.value, path)) {
        const text = describeMessage(message, claim.items());
        fields.push({ id: fieldId(options.tab, path), text: `${claim.label()} — ${text}` });
      }
    }
    const other = unclaimedMessages(errors.value, claimed.keys()).map(
      (message) => `${message.path}: ${message.message}`,
    );
    return { fields, other };
  });

  async function save(): Promise<boolean> {
    const local = options.validate?.(draft.value) ?? {};
    if (Object.keys(local).length > 0) {
      errors.value = local;
      failure.value = null;
      state.value = 'failed';
      return false;
    }
    state.value = 'saving';
    failure.value = null;
    try {
      const body = await options.api.saveTab(options.tab, options.toBody(draft.value, options.saved()));
      errors.value = {};
      options.onSaved(body);
      state.value = 'saved';
      return true;
    } catch (error) {
      state.value = 'failed';
      if (error instanceof ApiError && error.kind === 'invalid') {
        errors.value = error.fieldErrors;
        failure.value = error.message;
      } else {
        errors.value = {};
        failure.value = describeFailure(error);
      }
      return false;
    }
  }

  provide(FORM_CONTEXT, {
    tab: options.tab,
    errors,
    claimed,
    clear(path: string) {
      const left = Object.fromEntries(
        Object.entries(errors.value).filter(([key]) => messagesFor({ [key]: '' }, path).length === 0),
      );
      if (Object.keys(left).length !== Object.keys(errors.value).length) errors.value = left;
    },
  });

  return { draft, errors, state, failure, dirty, summary, save };
}

/** A failed call in the user's words. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'unauthorized':
        return t('error.unauthorized');
      case 'network':
        return t('error.network');
      case 'not-found':
        return t('error.notFound');
      case 'invalid':
        return error.message;
      case 'server':
        // A 502 says what went wrong with RetailCRM or Mindbox; other failures get the generic line.
        return error.status === 502 && !error.message.startsWith('HTTP ')
          ? error.message
          : t('error.server', { status: error.status });
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A field's side of the form: its DOM id, its messages (list items named by their values), and
 * its claim on its path, so the summary links to it and leaves its messages out of "other".
 */
export function useField(path: () => string, label: () => string, items: () => readonly string[] = () => []) {
  const context = inject(FORM_CONTEXT, null);
  const id = computed(() => fieldId(context?.tab ?? 'form', path()));
  watch(
    path,
    (current, previous) => {
      if (!context) return;
      if (previous !== undefined) context.claimed.delete(previous);
      context.claimed.set(current, { label, items });
    },
    { immediate: true },
  );
  onBeforeUnmount(() => context?.claimed.delete(path()));
  const messages = computed(() =>
    context ? messagesFor(context.errors.value, path()).map((m) => describeMessage(m, items())) : [],
  );
  return {
    id,
    messages,
    invalid: computed(() => messages.value.length > 0),
    clear: () => context?.clear(path()),
  };
}
