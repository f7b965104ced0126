import { demoTabs } from '@app/settings';
import { ruleFor } from './status-rules';

const conditions = {
  ...demoTabs().orders.conditions,
  transactionWithDiscountStatuses: ['prepayed'],
};
const cancel = new Set(['cancel-other', 'no-call']);

describe('ruleFor', () => {
  it.each([
    ['new', 'calculate'],
    ['complete', 'transaction'],
    ['prepayed', 'transaction-with-discount'],
    ['send-to-delivery', 'line-status'],
    ['cancel-other', 'cancel'],
    ['assembling', 'none'],
  ])('status %s -> %s', (status, rule) => {
    expect(ruleFor({ status, orderMethod: 'phone' }, conditions, cancel)).toBe(rule);
  });

  it('gives orders of other order methods no rule, cancelled or not', () => {
    expect(ruleFor({ status: 'complete', orderMethod: 'one-click' }, conditions, cancel)).toBe('none');
    expect(ruleFor({ status: 'no-call', orderMethod: 'one-click' }, conditions, cancel)).toBe('none');
  });

  it('takes every order method when the tab names none', () => {
    expect(
      ruleFor({ status: 'new', orderMethod: 'one-click' }, { ...conditions, orderMethods: [] }, cancel),
    ).toBe('calculate');
  });
});
