// A stand-in for the RetailCRM page around the extension, as the CRM runs it: the built
// `order-card.js` in a Web Worker (`runner: "worker"`), the embed-ui host protocol over
// @remote-ui/rpc (contexts `order/card`, `settings`, the order's custom fields, the card's actions,
// `httpCall`), and the widget drawn from the worker's instructions with the CRM's components.
// `httpCall` posts to `/retailcrm/embed/<action>` of the page's server, which plays the CRM and
// adds the account's clientId. The page's order and locale come from `window.__CARD__`.
import { createEndpoint, fromWebWorker, retain } from '@remote-ui/rpc';
import { createReceiver, HostedTree } from '@omnicajs/vue-remote/host';
import { provider } from '@retailcrm/embed-ui-v1-components/host';
import '@retailcrm/embed-ui-v1-components/host.css';
import { createApp, h, reactive, watch } from 'vue';

type Fields = Record<string, unknown>;

interface CardSetup {
  order: Fields;
  locale: string;
  customFields: { code: string; kind: string }[];
}

interface CardLog {
  actions: { name: string; args: unknown[] }[];
  customFields: Record<string, unknown>;
  calls: { action: string; status: number }[];
  ready: boolean;
}

declare global {
  interface Window {
    __CARD__?: CardSetup;
    __CARD_LOG__: CardLog;
  }
}

const setup: CardSetup = window.__CARD__ ?? {
  order: { id: null, items: [] },
  locale: 'ru-RU',
  customFields: [],
};
const log: CardLog = (window.__CARD_LOG__ = { actions: [], customFields: {}, calls: [], ready: false });

const contexts: Record<string, Fields> = reactive({
  'order/card': { ...setup.order },
  'order/card:settings': { priceEditable: true, quantityIsFractional: false },
  settings: { 'system.locale': setup.locale, 'system.routing': {}, 'image.workers': [] },
  'user/current': { id: 1, isAdmin: true, isManager: true, permissions: [], groups: [] },
});
const custom = reactive<Record<string, unknown>>(
  Object.fromEntries(setup.customFields.map((f) => [f.code, null])),
);

const worker = new Worker(new URL('./order-card.js', location.href), { type: 'module' });
const endpoint = createEndpoint<{
  run(channel: unknown, config: { id: string; target: string }): Promise<void>;
}>(fromWebWorker(worker));

endpoint.expose({
  get(context: string, field: string) {
    const values = contexts[context] ?? {};
    return field === '~' ? JSON.parse(JSON.stringify(values)) : values[field];
  },
  set(context: string, field: string, value: unknown) {
    (contexts[context] ??= {})[field] = value;
  },
  on(context: string, event: string, handler: (value: unknown) => void) {
    retain(handler);
    const field = event.replace(/^change:/, '');
    watch(
      () => contexts[context]?.[field],
      (value) => handler(JSON.parse(JSON.stringify(value ?? null))),
    );
  },
  // Actions answer `{payload}` or `{rejection: {message}}`, as the CRM's host does.
  invoke(name: string, ...args: unknown[]) {
    log.actions.push({ name, args: JSON.parse(JSON.stringify(args)) });
    return { payload: undefined };
  },
  getCustomSchema(entity: string) {
    if (entity !== 'order') return null;
    return {
      entity,
      fields: setup.customFields.map((field) => ({ ...field, readonly: false, initial: null })),
    };
  },
  getCustomField(_entity: string, code: string) {
    return custom[code] ?? null;
  },
  setCustomField(_entity: string, code: string, value: unknown) {
    custom[code] = value;
    log.customFields[code] = value;
  },
  onCustomFieldChange(_entity: string, code: string, handler: (value: unknown) => void) {
    retain(handler);
    watch(
      () => custom[code],
      (value) => handler(value),
    );
  },
  async getCustomDictionary() {
    return [];
  },
  async httpCall(action: string, payload?: string | object) {
    const body = new URLSearchParams({
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload ?? {}),
    });
    const response = await fetch(action, { method: 'POST', body });
    const text = await response.text();
    log.calls.push({ action, status: response.status });
    return { body: text, status: response.status };
  },
  goTo() {},
  pushQuery() {},
  replaceQuery() {},
  getLocation() {
    return { pathname: location.pathname, search: '', hash: '' };
  },
  onBeforeRouteLeave() {},
});

const receiver = createReceiver();
createApp({ render: () => h(HostedTree, { provider, receiver }) }).mount('#app');

void (async () => {
  await endpoint.call.run(receiver.receive, { id: 'order-card-1', target: 'order/card:common.after' });
  log.ready = true;
})();
