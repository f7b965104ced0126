import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { demoGateway, fakeCard, sampleOrder } from '../testing/fake-card';
import PromoLoyaltyPanel from './PromoLoyaltyPanel.vue';

// The panel drawn with the components' DOM side (vitest.config.ts): what a manager would read.

async function mountPanel(card: ReturnType<typeof fakeCard>) {
  const wrapper = mount(PromoLoyaltyPanel, { props: { port: card.port }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function type(wrapper: Awaited<ReturnType<typeof mountPanel>>, selector: string, value: string) {
  const input = wrapper.find(`[data-test="${selector}"] input`).exists()
    ? wrapper.find(`[data-test="${selector}"] input`)
    : wrapper.find(`input[data-test="${selector}"]`);
  await input.setValue(value);
  await flushPromises();
}

const click = async (wrapper: Awaited<ReturnType<typeof mountPanel>>, selector: string) => {
  await wrapper.find(`[data-test="${selector}"]`).trigger('click');
  await flushPromises();
};

describe('PromoLoyaltyPanel', () => {
  it("shows the customer's balance, the maximum for the order and the promotions when it opens", async () => {
    const card = fakeCard(demoGateway);
    const wrapper = await mountPanel(card);
    expect(card.requests.map((request) => request.action).sort()).toEqual(['bonus-balance', 'promotions']);
    expect(card.requests[0]!.payload.order).toMatchObject({ id: 4242, customer: { id: 7 } });
    expect(wrapper.find('[data-test="balance"]').text()).toContain('1,200');
    expect(wrapper.find('[data-test="max-points"]').text()).toBe('600');
    expect(wrapper.find('[data-test="promotions"]').text()).toContain('Autumn 5 %');
    expect(wrapper.find('[data-test="promotions"]').text()).toContain('Add 1000 more for free delivery');
  });

  it('checks a code and shows its status and discount, in Russian when the CRM speaks Russian', async () => {
    const card = fakeCard(demoGateway, { locale: 'ru-RU' });
    const wrapper = await mountPanel(card);
    await type(wrapper, 'promo-code', 'WELCOME10');
    await click(wrapper, 'check');
    expect(card.requests.at(-1)).toMatchObject({
      action: 'check-promo-code',
      payload: { promoCode: 'WELCOME10' },
    });
    expect(wrapper.find('[data-test="verdict"]').text()).toBe('Действует');
    expect(wrapper.find('[data-test="check-result"]').text()).toContain('400');
    expect(wrapper.find('[data-test="check-total"]').text()).toBe('3 600'.replace(' ', '\u00a0'));

    await type(wrapper, 'promo-code', 'USED-1');
    await click(wrapper, 'check');
    expect(wrapper.find('[data-test="verdict"]').text()).toBe('Уже использован');
  });

  it('says an unknown code is not found, in English', async () => {
    const wrapper = await mountPanel(fakeCard(demoGateway));
    await type(wrapper, 'promo-code', 'NOPE');
    await click(wrapper, 'check');
    expect(wrapper.find('[data-test="verdict"]').text()).toBe('Not found');
  });

  it('refuses more points than the order may take without asking anyone', async () => {
    const card = fakeCard(demoGateway);
    const wrapper = await mountPanel(card);
    await type(wrapper, 'points', '601');
    expect(wrapper.find('[data-test="points-over-max"]').text()).toBe(
      'No more than 600 points for this order',
    );
    expect(wrapper.find('[data-test="apply"]').attributes('disabled')).toBeDefined();
    await click(wrapper, 'apply');
    expect(card.requests.some((request) => request.action === 'apply')).toBe(false);
    expect(card.writes).toEqual([]);
  });

  it('applies code and points: per-unit line discounts through the card, code and discount sum into the fields', async () => {
    const card = fakeCard(demoGateway);
    const wrapper = await mountPanel(card);
    await type(wrapper, 'promo-code', 'WELCOME10');
    await type(wrapper, 'points', '200');
    await click(wrapper, 'apply');
    expect(card.requests.at(-1)).toMatchObject({
      action: 'apply',
      payload: { promoCode: 'WELCOME10', points: 200 },
    });
    // 600 off 4000: 450 on the kettles (2 units), 150 on the mug.
    expect(card.writes).toEqual([
      { kind: 'discount', index: 0, amountPerUnit: 225 },
      { kind: 'discount', index: 1, amountPerUnit: 150 },
      { kind: 'field', code: 'mindbox_promo_code', value: 'WELCOME10' },
      { kind: 'field', code: 'mindbox_discount', value: 600 },
    ]);
    expect(wrapper.find('[data-test="applied"]').text()).toBe('Applied: discount 600, 200 points');
  });

  it('says Mindbox did not answer when the gateway gives up, and changes nothing', async () => {
    const card = fakeCard(async () => ({
      status: 504,
      body: { state: 'mindbox-unavailable', message: 'Mindbox did not answer within 3 s' },
    }));
    const wrapper = await mountPanel(card);
    expect(wrapper.find('[data-test="balance-state"]').text()).toBe(
      'Mindbox did not answer. Try again in a minute',
    );
    await type(wrapper, 'promo-code', 'WELCOME10');
    await click(wrapper, 'apply');
    expect(wrapper.find('[data-test="apply-state"]').text()).toContain('Mindbox did not answer');
    expect(card.writes).toEqual([]);
  });

  it('says so when the card refuses a discount, instead of claiming it applied', async () => {
    const card = fakeCard(demoGateway);
    card.port.changeItemDiscount = async () => {
      throw new Error('Invokable changeItemDiscount in schema order/card failed with: readonly');
    };
    const wrapper = await mountPanel(card);
    await type(wrapper, 'promo-code', 'WELCOME10');
    await click(wrapper, 'apply');
    expect(wrapper.find('[data-test="applied"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="apply-state"]').text()).toContain('Something went wrong');
  });

  it('explains an order without customer', async () => {
    const order = { ...sampleOrder(), customerId: null };
    const wrapper = await mountPanel(fakeCard(demoGateway, { order }));
    expect(wrapper.find('[data-test="balance-state"]').text()).toBe(
      'The order has no customer: points need one',
    );
  });

  it('shows that it is asking while the answer is on its way', async () => {
    let release: () => void = () => undefined;
    const card = fakeCard(async (action, payload) => {
      if (action === 'check-promo-code') await new Promise<void>((resolve) => (release = resolve));
      return demoGateway(action, payload);
    });
    const wrapper = await mountPanel(card);
    await type(wrapper, 'promo-code', 'WELCOME10');
    await wrapper.find('[data-test="check"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-test="check-loading"]').text()).toBe('Asking Mindbox…');
    release();
    await flushPromises();
    expect(wrapper.find('[data-test="check-loading"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="verdict"]').text()).toBe('Valid');
  });
});
