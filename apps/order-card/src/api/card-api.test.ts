import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionPath, type BonusBalanceReply, callAction, CARD_TIMEOUT_MS, type HttpCall } from './card-api';

describe('callAction', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts the payload to the gateway path of the action and gives back its JSON', async () => {
    const calls: [string, unknown][] = [];
    const http: HttpCall = async (action, payload) => {
      calls.push([action, payload]);
      return { status: 200, body: JSON.stringify({ state: 'ok', balance: { total: 5 } }) };
    };
    const reply = await callAction<BonusBalanceReply>(http, 'bonus-balance', {
      order: { items: [] },
    });
    expect(calls).toEqual([['/retailcrm/embed/bonus-balance', { order: { items: [] } }]]);
    expect(reply).toEqual({ state: 'ok', balance: { total: 5 } });
    expect(actionPath('apply')).toBe('/retailcrm/embed/apply');
  });

  it('keeps the state of a 503 or 504 answer, and reads one without a body as Mindbox unavailable', async () => {
    const withBody: HttpCall = async () => ({
      status: 504,
      body: JSON.stringify({ state: 'mindbox-unavailable', message: 'Mindbox did not answer within 3 s' }),
    });
    expect(await callAction(withBody, 'apply', {})).toEqual({
      state: 'mindbox-unavailable',
      message: 'Mindbox did not answer within 3 s',
    });
    const bare: HttpCall = async () => ({ status: 503, body: 'Service Unavailable' });
    expect(await callAction(bare, 'apply', {})).toEqual({ state: 'mindbox-unavailable' });
  });

  it('turns other failures into an error state instead of throwing', async () => {
    const unauthorized: HttpCall = async () => ({ status: 401, body: '{"message":"Unknown clientId"}' });
    expect(await callAction(unauthorized, 'apply', {})).toEqual({ state: 'error', message: 'HTTP 401' });
    const broken: HttpCall = async () => {
      throw new Error('host gone');
    };
    expect(await callAction(broken, 'apply', {})).toEqual({ state: 'error' });
  });

  it('stops waiting for an answer that never comes', async () => {
    vi.useFakeTimers();
    const never: HttpCall = () => new Promise(() => undefined);
    const reply = callAction(never, 'bonus-balance', {});
    await vi.advanceTimersByTimeAsync(CARD_TIMEOUT_MS);
    expect(await reply).toEqual({ state: 'mindbox-unavailable' });
  });
});
