import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type {
  BonusBalanceReply,
  CardOrderRequest,
  CardState,
  OrderApplyReply,
  OrderApplyRequest,
  PromoCodeCheckReply,
  PromoCodeCheckRequest,
  PromotionsReply,
  RpcCallContext,
} from '@app/messaging';
import {
  MindboxClientFactory,
  MindboxOrderCalculation,
  MindboxUnavailableError,
  MindboxValidationError,
  parseOrderCalculation,
} from '@app/mindbox';
import { AccountSettings, SettingsService } from '@app/settings';
import {
  CalculationExtras,
  CardMapping,
  calculateRequestOf,
  cardMappingOf,
  hintsOf,
  lineDiscountsOf,
  promoCodeOf,
  promotionsOf,
  totalsOf,
} from './card-order.mapping';
import { OfferIdsResolver } from './offer-ids.resolver';
import { OrderCardIntentRepository } from './order-card-intent.repository';

/** Time kept back from the caller's deadline for the reply to travel back. */
const REPLY_MARGIN_MS = 300;

/** The most of the deadline a catalogue look-up may take; Mindbox needs the rest. */
const CATALOGUE_SHARE = 0.3;

/** A reply that says why there are no figures. */
interface Stop {
  state: Exclude<CardState, 'ok'>;
  message: string;
}

class CardStop extends Error {
  constructor(readonly stop: Stop) {
    super(stop.message);
  }
}

const stop = (state: Stop['state'], message: string): CardStop => new CardStop({ state, message });

/**
 * How long an account's settings are reused between card calls: a manager's clicks come in
 * series, and a saved tab or a switched-off account shows in the card within this time.
 */
const SETTINGS_TTL_MS = 3_000;

interface Account {
  settings: AccountSettings;
  mapping: CardMapping;
}

/**
 * The order card's questions to Mindbox: a code's status, the customer's points, the order with
 * the chosen code and points, and the promotions. Each answers within the caller's deadline: one
 * Mindbox attempt, cut short before the deadline, and "Mindbox did not answer" rather than a hang.
 */
@Injectable()
export class OrderCardService {
  private readonly logger = new Logger(OrderCardService.name);
  /** Settings of the accounts whose cards called lately (see {@link SETTINGS_TTL_MS}); one read for concurrent calls. */
  private readonly recentSettings = new LRUCache<string, { settings: AccountSettings | null }>({
    max: 1_000,
    ttl: SETTINGS_TTL_MS,
    fetchMethod: async (accountId) => ({ settings: await this.settings.load(accountId) }),
  });

  constructor(
    private readonly settings: SettingsService,
    private readonly mindbox: MindboxClientFactory,
    private readonly intents: OrderCardIntentRepository,
    private readonly offers: OfferIdsResolver,
  ) {}

  checkPromoCode(request: PromoCodeCheckRequest, call: RpcCallContext): Promise<PromoCodeCheckReply> {
    return this.answer(async () => {
      const account = await this.prepare(request, call);
      this.requireLines(request);
      const calculation = await this.calculate(account, request, call, { promoCode: request.promoCode });
      return {
        state: 'ok',
        promoCode: promoCodeOf(calculation, request.promoCode),
        totals: totalsOf(request.order, calculation),
      };
    });
  }

  bonusBalance(request: CardOrderRequest, call: RpcCallContext): Promise<BonusBalanceReply> {
    return this.answer(async () => {
      const account = await this.prepare(request, call);
      this.requireCustomer(request);
      this.requireLines(request);
      const calculation = await this.calculate(account, request, call);
      this.requireKnownCustomer(calculation);
      const points = calculation.bonusPoints;
      const info = points.perBalanceType[0];
      const balance = info?.balance ?? calculation.customer?.balances[0];
      return {
        state: 'ok',
        balance: {
          total: balance?.total ?? 0,
          available: balance?.available ?? 0,
          blocked: balance?.blocked ?? 0,
          availableForOrder: points.available ?? 0,
          ...(info?.balanceType?.name ? { balanceName: info.balanceType.name } : {}),
        },
      };
    });
  }

  apply(request: OrderApplyRequest, call: RpcCallContext): Promise<OrderApplyReply> {
    return this.answer(async () => {
      const account = await this.prepare(request, call);
      this.requireLines(request);
      const promoCode = request.promoCode?.trim() || undefined;
      const points = request.points ?? 0;
      if (points > 0) this.requireCustomer(request);

      // First the order with the code alone: whether the code applies, and the most points it may take.
      const withCode = await this.calculate(account, request, call, { promoCode });
      const code = promoCode ? promoCodeOf(withCode, promoCode) : undefined;
      if (code && code.verdict !== 'valid') {
        return { state: 'refused', message: `the promo code is ${code.verdict}`, promoCode: code };
      }
      if (points > 0) this.requireKnownCustomer(withCode);
      const maxPoints = withCode.bonusPoints.available ?? 0;
      if (points > maxPoints) {
        return {
          state: 'refused',
          message: `${points} points asked, this order may take at most ${maxPoints}`,
          maxPoints,
          ...(code ? { promoCode: code } : {}),
        };
      }
      const final =
        points > 0 ? await this.calculate(account, request, call, { promoCode, points }) : withCode;
      if (request.order.id) {
        await this.intents.save(
          request.accountId,
          request.order.id,
          promoCode ?? null,
          points > 0 ? points : null,
        );
      }
      const totals = totalsOf(request.order, final);
      return {
        state: 'ok',
        lines: lineDiscountsOf(request.order, final),
        totals,
        ...(promoCode ? { promoCode: promoCodeOf(final, promoCode) } : {}),
        pointsSpent: final.bonusPoints.spent ?? points,
        maxPoints,
        discountSum: totals.discount,
        customFields: {
          promoCode: account.settings.fields?.retailcrm?.promoCodeField,
          discountSum: account.settings.fields?.retailcrm?.discountAmountField,
        },
      };
    });
  }

  promotions(request: CardOrderRequest, call: RpcCallContext): Promise<PromotionsReply> {
    return this.answer(async () => {
      const account = await this.prepare(request, call);
      this.requireLines(request);
      const calculation = await this.calculate(account, request, call);
      return {
        state: 'ok',
        promotions: promotionsOf(request.order, calculation),
        hints: hintsOf(calculation),
        totals: totalsOf(request.order, calculation),
      };
    });
  }

  /** Runs one answer; a stop becomes its reply, Mindbox failures become "Mindbox did not answer". */
  private async answer<R extends { state: CardState; message?: string }>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof CardStop) return error.stop as R;
      if (error instanceof MindboxUnavailableError) {
        this.logger.warn(error.message);
        return {
          state: 'mindbox-unavailable',
          message:
            error.reason === 'timeout'
              ? 'Mindbox did not answer in time'
              : 'Mindbox is unavailable at the moment',
        } as R;
      }
      if (error instanceof MindboxValidationError) {
        return {
          state: 'refused',
          message:
            error.validationMessages.map((entry) => entry.message).join('; ') || 'Mindbox refused the order',
        } as R;
      }
      if (error instanceof Error && error.name.startsWith('Mindbox')) {
        this.logger.warn(error.message);
        return {
          state: 'mindbox-unavailable',
          message: "Mindbox refused the module's request; check the Mindbox settings",
        } as R;
      }
      throw error;
    }
  }

  /** The account's settings, and the order's offers named as Mindbox knows them. */
  private async prepare(request: CardOrderRequest, call: RpcCallContext): Promise<Account> {
    const account = await this.account(request);
    if (request.order.items.length > 0) {
      await this.offers.fill(
        account.settings,
        request.order,
        Math.floor(call.remainingMs() * CATALOGUE_SHARE),
      );
    }
    return account;
  }

  private async account(request: CardOrderRequest): Promise<Account> {
    const settings = await this.loadSettings(request.accountId);
    if (!settings) throw stop('not-configured', 'the account is not connected');
    if (!settings.active || settings.frozen)
      throw stop('inactive', 'the module is switched off in RetailCRM');
    const mapping = cardMappingOf(settings);
    if (!mapping)
      throw stop('not-configured', 'the Mindbox, customers, orders and products settings are not all saved');
    return { settings, mapping };
  }

  private async loadSettings(accountId: string): Promise<AccountSettings | null> {
    return (await this.recentSettings.fetch(accountId))?.settings ?? null;
  }

  private requireLines(request: CardOrderRequest): void {
    if (request.order.items.length === 0) throw stop('empty-order', 'the order has no items');
  }

  private requireCustomer(request: CardOrderRequest): void {
    if (!request.order.customer?.id) throw stop('no-customer', 'the order has no customer');
  }

  private requireKnownCustomer(calculation: MindboxOrderCalculation): void {
    if (calculation.customer && !calculation.customer.found) {
      throw stop('unknown-customer', 'Mindbox does not know this customer yet');
    }
  }

  private async calculate(
    account: Account,
    request: CardOrderRequest,
    call: RpcCallContext,
    extras: CalculationExtras = {},
  ): Promise<MindboxOrderCalculation> {
    const timeoutMs = call.remainingMs() - REPLY_MARGIN_MS;
    if (timeoutMs <= 0) throw stop('mindbox-unavailable', 'Mindbox did not answer in time');
    const { mindbox, orders } = account.settings;
    const client = this.mindbox.forProject(
      {
        apiUrl: mindbox!.apiUrl,
        endpointId: mindbox!.endpointId,
        secretKey: mindbox!.secretKey,
        deviceUuid: mindbox!.deviceUuid,
      },
      // The manager is waiting: one attempt, over before the caller's deadline.
      { timeoutMs, maxAttempts: 1 },
    );
    const result = await client.sync(
      orders!.operations.calculate!,
      calculateRequestOf(request.order, account.mapping, extras),
      { transactionId: false },
    );
    const calculation = parseOrderCalculation(result.body);
    if (!calculation) throw stop('mindbox-unavailable', 'Mindbox answered without an order');
    return calculation;
  }
}
