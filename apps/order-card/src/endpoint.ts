import { defineRunner, defineWidgetRunner, runEndpoint } from '@retailcrm/embed-ui-v1-endpoint/remote';
import OrderCardWidget from './widget/OrderCardWidget.vue';

// The extension's entry: RetailCRM runs it in a Web Worker (`runner: "worker"`) and mounts the
// widget at the order card's target registered in `integrations.embedJs`.
runEndpoint(
  defineRunner({
    pages: [{}],
    widgets: [{ 'order/card:common.after': defineWidgetRunner(OrderCardWidget) }],
  }),
);
