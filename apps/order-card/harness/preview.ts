// A page that draws the panel outside the CRM, for the README's picture: the components' DOM side
// (what the CRM draws from the extension's instructions) and a card whose gateway answers like the
// demo's Mindbox. `?locale=ru-RU|en-GB`.
import '@retailcrm/embed-ui-v1-components/host.css';
import { createApp } from 'vue';
import PromoLoyaltyPanel from '../src/panel/PromoLoyaltyPanel.vue';
import type { PromoPanel } from '../src/panel/use-promo-panel';
import { demoGateway, fakeCard } from '../src/testing/fake-card';

const locale = new URLSearchParams(location.search).get('locale') ?? 'ru-RU';
const card = fakeCard(demoGateway, { locale });
const view = createApp(PromoLoyaltyPanel, { port: card.port }).mount('#app') as unknown as {
  panel: PromoPanel;
};

async function scene(): Promise<void> {
  const { panel } = view;
  await panel.loadBalance();
  await panel.loadPromotions();
  panel.promoCode.value = 'WELCOME10';
  await panel.checkCode();
  panel.points.value = 200;
  await panel.apply();
  document.body.dataset.ready = 'true';
}

void scene();
