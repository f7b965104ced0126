import { parseOrderCalculation } from './order-calculation';

const pointsOf = (order: Record<string, unknown>) =>
  parseOrderCalculation({ status: 'Success', order })!.bonusPoints;

describe('order bonus points', () => {
  it('reads bonusPointsInfo (array per balance type), the docs and the real answers', () => {
    const points = pointsOf({
      bonusPointsInfo: [
        {
          status: 'Success',
          availableAmountForCurrentOrder: 120,
          spentAmountForCurrentOrder: 50,
          balanceType: { ids: { systemName: 'Main' }, name: 'Бонусы' },
          balance: { total: 300, available: 250, blocked: 50 },
        },
        {
          status: 'Success',
          availableAmountForCurrentOrder: 30.5,
          spentAmountForCurrentOrder: 0,
          balanceType: { ids: { systemName: 'Promo' } },
          balance: { totalValue: 31, availableValue: 30.5, blockedValue: 0.5 },
        },
      ],
    });
    expect(points).toMatchObject({
      source: 'bonusPointsInfo',
      available: 150.5,
      spent: 50,
      unavailable: false,
    });
    expect(
      points.perBalanceType.map((info) => [info.balanceType?.systemName, info.balance?.available]),
    ).toEqual([
      ['Main', 250],
      ['Promo', 30.5],
    ]);
    expect(points.perBalanceType[1].balance).toMatchObject({ total: 31, blocked: 0.5 });
  });

  it('reads totalBonusPointsInfo (one object, the Bitrix modules) and prefers it', () => {
    const points = pointsOf({
      totalBonusPointsInfo: {
        availableAmountForCurrentOrder: 40,
        spentAmountForCurrentOrder: 10,
        balance: { available: 75 },
      },
      bonusPointsInfo: [{ status: 'Success', availableAmountForCurrentOrder: 39 }],
    });
    expect(points).toMatchObject({ source: 'totalBonusPointsInfo', available: 40, spent: 10 });
    expect(points.perBalanceType).toEqual([expect.objectContaining({ availableAmountForCurrentOrder: 39 })]);
  });

  it('reads bonusPointsInfoPerBalanceType when it is the only node', () => {
    expect(
      pointsOf({
        bonusPointsInfoPerBalanceType: [{ availableAmountForCurrentOrder: 7, spentAmountForCurrentOrder: 2 }],
      }),
    ).toMatchObject({ source: 'bonusPointsInfoPerBalanceType', available: 7, spent: 2 });
  });

  it('says unavailable when every balance type is Unavailable, and keeps unknown statuses', () => {
    expect(pointsOf({ bonusPointsInfo: [{ status: 'Unavailable' }] })).toMatchObject({
      unavailable: true,
      available: undefined,
    });
    const odd = pointsOf({ bonusPointsInfo: [{ status: 'Frozen', availableAmountForCurrentOrder: 0 }] });
    expect(odd).toMatchObject({ unavailable: false, available: 0 });
    expect(odd.perBalanceType[0]).toMatchObject({ status: 'unknown', rawStatus: 'Frozen' });
  });

  it('takes earned and spent from bonusPointsChanges, else from the applied promotions', () => {
    expect(
      pointsOf({
        bonusPointsChanges: [
          { balanceType: { ids: { systemName: 'Main' } }, earnedAmount: 12, spentAmount: 5 },
          { earnedAmount: '3', spentAmount: 0 },
        ],
      }),
    ).toMatchObject({ earned: 15, spent: 5, source: 'none' });

    expect(
      pointsOf({
        lines: [
          {
            appliedPromotions: [
              { type: 'spentBonusPoints', amount: 20, balanceType: { ids: { systemName: 'Main' } } },
              { type: 'earnedBonusPoints', amount: 4, expirationDateTimeUtc: '2030-01-01T00:00:00Z' },
            ],
          },
          { appliedPromotions: [{ type: 'earnedBonusPoints', amount: 1.5 }] },
        ],
      }),
    ).toMatchObject({ spent: 20, earned: 5.5 });
  });
});
