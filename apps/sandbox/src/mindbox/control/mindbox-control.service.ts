import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { emptyBalance } from '../store/balances';
import { normalizeCode } from '../store/coupons';
import { MindboxStore } from '../store/mindbox-store';
import type { Coupon, CouponPool, CustomerRecord, ProjectState, Promotion } from '../store/mindbox.entities';
import { fromCents, toCents } from '../store/money';
import { lineKind } from '../store/line-statuses';
import { DEFAULT_PROJECT_SETTINGS } from '../store/project-defaults';
import { addCustomer, findCustomer, findOrder, nextId, operationLimiter } from '../store/project-state';
import { MindboxValidationFailure } from '../store/simulator-errors';
import { OrderSeedPlan, seedOrders } from '../orders/order-seed';
import {
  AddCustomersDto,
  AddOrdersDto,
  CouponPoolDto,
  CreateProjectDto,
  CustomerSeedDto,
  GenerateOrdersDto,
  ProjectSettingsDto,
  PromotionDto,
} from './mindbox-control.dto';
import {
  balanceView,
  couponView,
  customerView,
  orderView,
  projectView,
  promotionView,
} from './mindbox-control.views';

/** What tests and benchmarks set up and read back in the simulated Mindbox. */
@Injectable()
export class MindboxControlService {
  constructor(
    private readonly store: MindboxStore,
    private readonly config: ConfigService,
  ) {}

  createProject(dto: CreateProjectDto) {
    const endpointId = dto.endpointId ?? `sandbox-${randomBytes(4).toString('hex')}`;
    const state = this.store.create({
      ...DEFAULT_PROJECT_SETTINGS,
      operations: { ...DEFAULT_PROJECT_SETTINGS.operations },
      endpointId,
      secretKey: dto.secretKey ?? randomBytes(16).toString('hex'),
      rateLimit: this.config.get<number>('SANDBOX_MINDBOX_RATE_LIMIT') ?? DEFAULT_PROJECT_SETTINGS.rateLimit,
      ...withoutUndefined({ ...dto, endpointId: undefined, secretKey: undefined }),
    });
    if (!state) throw new ConflictException(`Project ${endpointId} exists already`);
    return this.projectView(state);
  }

  getProject(endpointId: string) {
    return this.projectView(this.project(endpointId));
  }

  updateProject(endpointId: string, dto: ProjectSettingsDto) {
    const state = this.project(endpointId);
    state.settings = { ...state.settings, ...withoutUndefined(dto) };
    // A new limit starts with an empty window, as a changed RetailCRM account limit does.
    if (dto.rateLimit !== undefined || dto.rateLimitWindowMs !== undefined)
      state.limiter = operationLimiter(state.settings);
    return this.projectView(state);
  }

  setOperations(endpointId: string, operations: ProjectSettingsDto['operations']) {
    const state = this.project(endpointId);
    state.settings = { ...state.settings, operations: { ...operations } };
    return this.projectView(state);
  }

  addCustomers(endpointId: string, dto: AddCustomersDto) {
    const state = this.project(endpointId);
    if (!dto.customers?.length && !dto.generate) {
      throw new BadRequestException('Give customers, generate, or both');
    }
    const now = new Date();
    const customers = (dto.customers ?? []).map((seed) => this.addSeed(state, seed, now));
    let generated: { count: number; idKey: string; from: number; to: number } | undefined;
    if (dto.generate) {
      const { count, from = 1, balance = 0 } = dto.generate;
      const idKey = dto.generate.idKey ?? state.settings.customerIdKeys[0];
      this.checkIdKeys(state, [idKey]);
      for (let i = 0; i < count; i++) {
        this.guard(() =>
          addCustomer(
            state,
            { ids: { [idKey]: String(from + i) }, balance: emptyBalance(toCents(balance)) },
            now,
          ),
        );
      }
      generated = { count, idKey, from, to: from + count - 1 };
    }
    return {
      created: customers.length + (generated?.count ?? 0),
      customers: customers.map((c) => ({ mindboxId: c.mindboxId, ids: c.ids })),
      generated,
    };
  }

  getCustomer(endpointId: string, idKey: string, idValue: string) {
    return customerView(this.customer(endpointId, idKey, idValue));
  }

  getBalance(endpointId: string, idKey: string, idValue: string) {
    return balanceView(this.customer(endpointId, idKey, idValue).balance);
  }

  /** Sets the available points; blocked and spent stay as they are. */
  setBalance(endpointId: string, idKey: string, idValue: string, available: number) {
    const customer = this.customer(endpointId, idKey, idValue);
    customer.balance = { ...customer.balance, available: toCents(available) };
    return balanceView(customer.balance);
  }

  addCouponPool(endpointId: string, dto: CouponPoolDto) {
    const state = this.project(endpointId);
    this.checkDiscount(dto.discount);
    const mindboxId = nextId(state, 'pool');
    const externalId = dto.externalId ?? `promo-code-pool-${mindboxId}`;
    if ([...state.pools.values()].some((p) => p.externalId === externalId)) {
      throw new ConflictException(`Pool ${externalId} exists already`);
    }
    const prefix = dto.generate?.prefix ?? `${externalId.toUpperCase()}-`;
    const generated = Array.from(
      { length: dto.generate?.count ?? 0 },
      (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`,
    );
    const codes = [...(dto.codes ?? []), ...generated];
    if (codes.length === 0) throw new BadRequestException('A pool needs codes or generate');
    const seen = new Set<string>();
    const taken = codes.filter((code) => {
      const key = normalizeCode(code);
      const clash = state.coupons.has(key) || seen.has(key);
      seen.add(key);
      return clash;
    });
    if (taken.length > 0)
      throw new ConflictException(`Codes exist already: ${taken.slice(0, 10).join(', ')}`);

    const name = dto.name ?? `Промокоды ${externalId}`;
    const pool: CouponPool = {
      mindboxId,
      externalId,
      name,
      description: dto.description ?? describeDiscount(dto.discount),
      kind: dto.kind,
      availableFrom: dto.availableFrom,
      availableTill: dto.availableTill,
    };
    state.pools.set(mindboxId, pool);
    for (const code of codes) {
      const coupon: Coupon = { code, poolMindboxId: mindboxId, usedBy: new Map(), heldBy: new Set() };
      state.coupons.set(normalizeCode(code), coupon);
    }
    const promotion = this.addPromotionTo(state, {
      externalId: `${externalId}-promotion`,
      name: `Акция ${name}`,
      kind: dto.discount.kind,
      value: dto.discount.value,
      scope: dto.discount.scope,
      productIds: dto.productIds,
      minOrderTotal: dto.minOrderTotal,
      couponPoolMindboxId: mindboxId,
    });
    return { ...pool, codes, promotion: promotionView(promotion, state) };
  }

  addPromotion(endpointId: string, dto: PromotionDto) {
    const state = this.project(endpointId);
    this.checkDiscount(dto);
    let couponPoolMindboxId: number | undefined;
    if (dto.couponPoolExternalId !== undefined) {
      const pool = [...state.pools.values()].find((p) => p.externalId === dto.couponPoolExternalId);
      if (!pool) throw new NotFoundException(`No coupon pool ${dto.couponPoolExternalId}`);
      couponPoolMindboxId = pool.mindboxId;
    }
    return promotionView(this.addPromotionTo(state, { ...dto, couponPoolMindboxId }), state);
  }

  listPromotions(endpointId: string) {
    const state = this.project(endpointId);
    return { promotions: state.promotions.map((p) => promotionView(p, state)) };
  }

  /** Ends a promotion: new orders no longer get it, orders saved before keep it (reference §4.2). */
  endPromotion(endpointId: string, externalId: string) {
    const state = this.project(endpointId);
    const promotion = state.promotions.find((p) => p.externalId === externalId && !p.endedAt);
    if (!promotion) throw new NotFoundException(`No running promotion ${externalId}`);
    promotion.endedAt = new Date().toISOString();
    return promotionView(promotion, state);
  }

  getCoupons(endpointId: string, codes: string[] | undefined, poolExternalId: string | undefined) {
    const state = this.project(endpointId);
    const now = new Date();
    const pool = poolExternalId && [...state.pools.values()].find((p) => p.externalId === poolExternalId);
    if (poolExternalId && !pool) throw new NotFoundException(`No coupon pool ${poolExternalId}`);
    const selected = codes
      ? codes.flatMap((code) => state.coupons.get(normalizeCode(code)) ?? [])
      : [...state.coupons.values()].filter((c) => !pool || c.poolMindboxId === pool.mindboxId);
    return {
      coupons: selected.map((coupon) =>
        couponView(coupon, state.pools.get(coupon.poolMindboxId) as CouponPool, state, now),
      ),
    };
  }

  /** Generated orders, held as after begin and commit; see `OrderSeedPlan` for what is drawn. */
  addOrders(endpointId: string, dto: AddOrdersDto) {
    const state = this.project(endpointId);
    const plan = this.orderSeedPlan(state, dto.generate);
    const result = this.guard(() => seedOrders(state, plan, new Date()));
    const to = plan.from + plan.count - 1;
    const customers = plan.customers;
    return {
      created: result.count,
      generated: {
        count: result.count,
        idKey: plan.idKey,
        from: plan.from,
        to,
        mindboxIds: { from: result.firstMindboxId, to: result.lastMindboxId },
        transactions: { from: `${plan.transactionPrefix}${plan.from}`, to: `${plan.transactionPrefix}${to}` },
      },
      customers:
        customers.kind === 'new'
          ? {
              source: 'new',
              created: result.customersCreated,
              idKey: customers.idKey,
              from: customers.from,
              to: customers.from + plan.count - 1,
            }
          : { source: 'existing', created: 0 },
      withCoupon: result.withCoupon,
      withPoints: result.withPoints,
      spentPoints: fromCents(result.spentPoints),
      totalPrice: fromCents(result.totalPrice),
    };
  }

  getOrder(endpointId: string, idKey: string, idValue: string) {
    const state = this.project(endpointId);
    const order = this.guard(() => findOrder(state, { [idKey]: idValue }));
    if (!order) throw new NotFoundException(`No order with ${idKey}=${idValue}`);
    return orderView(order, state, state.settings.balanceType);
  }

  /** The request checked against the project: keys it has, a pool it has, statuses that keep a line in. */
  private orderSeedPlan(state: ProjectState, generate: GenerateOrdersDto): OrderSeedPlan {
    const { settings } = state;
    const idKey = generate.idKey ?? settings.orderIdKeys[0];
    if (!settings.orderIdKeys.includes(idKey)) {
      throw new BadRequestException(
        `generate.idKey must be one of the project's order id keys (${settings.orderIdKeys.join(', ')}); got ${idKey}`,
      );
    }
    const from = generate.from ?? 1;
    const source = generate.customers ?? (state.customers.size > 0 ? 'existing' : 'new');
    const forNew = (['customerIdKey', 'customerFrom', 'customerBalance'] as const).filter(
      (field) => generate[field] !== undefined,
    );
    if (source === 'existing' && forNew.length > 0) {
      throw new BadRequestException(`generate.${forNew[0]} is for customers: "new" only`);
    }
    if (source === 'existing' && state.customers.size === 0) {
      throw new BadRequestException(
        'generate.customers: the project has no customers; add some or ask for "new"',
      );
    }
    const customerIdKey = generate.customerIdKey ?? settings.customerIdKeys[0];
    if (!settings.customerIdKeys.includes(customerIdKey)) {
      throw new BadRequestException(
        `generate.customerIdKey must be one of the project's customer id keys (${settings.customerIdKeys.join(', ')}); got ${customerIdKey}`,
      );
    }
    const lineStatuses = generate.lineStatuses ?? ['New'];
    const leaving = lineStatuses.find((status) => lineKind(status, settings.lineStatuses) !== 'active');
    if (leaving !== undefined) {
      throw new BadRequestException(
        `generate.lineStatuses: ${leaving} takes a line out of the order; seed active lines and change their status through the API`,
      );
    }
    let pool: CouponPool | undefined;
    if (generate.coupons) {
      const wanted = generate.coupons.pool;
      pool = [...state.pools.values()].find((p) => p.externalId === wanted);
      if (!pool) throw new NotFoundException(`generate.coupons.pool: no coupon pool ${wanted}`);
    }
    return {
      count: generate.count,
      idKey,
      from,
      customers:
        source === 'new'
          ? {
              kind: 'new',
              idKey: customerIdKey,
              from: generate.customerFrom ?? from,
              balance: toCents(generate.customerBalance ?? 0),
            }
          : { kind: 'existing' },
      products: generate.products ?? 100,
      productIdKey: settings.productIdKeys[0],
      maxLines: generate.maxLines ?? 3,
      lineStatuses,
      coupons: pool && { pool, share: generate.coupons?.share ?? 1 },
      points: generate.points && {
        amount: toCents(generate.points.amount),
        share: generate.points.share ?? 1,
      },
      transactionPrefix: generate.transactionPrefix ?? 'seed-',
      seed: generate.seed ?? from,
    };
  }

  private addSeed(state: ProjectState, seed: CustomerSeedDto, now: Date): CustomerRecord {
    const ids = Object.fromEntries(Object.entries(seed.ids).map(([key, value]) => [key, String(value)]));
    this.checkIdKeys(state, Object.keys(ids));
    const profile = withoutUndefined({
      email: seed.email,
      mobilePhone: seed.mobilePhone?.replace(/[\s()+-]/g, ''),
      firstName: seed.firstName,
      lastName: seed.lastName,
    });
    return this.guard(() =>
      addCustomer(
        state,
        {
          ids,
          mindboxId: seed.mindboxId,
          profile,
          isMobilePhoneConfirmed: seed.isMobilePhoneConfirmed,
          subscriptions: seed.subscriptions,
          balance: emptyBalance(toCents(seed.balance ?? 0)),
        },
        now,
      ),
    );
  }

  private addPromotionTo(
    state: ProjectState,
    dto: Omit<PromotionDto, 'couponPoolExternalId'> & { couponPoolMindboxId?: number },
  ): Promotion {
    const mindboxId = nextId(state, 'promotion');
    const externalId = dto.externalId ?? `promotion-${mindboxId}`;
    if (state.promotions.some((p) => p.externalId === externalId)) {
      throw new ConflictException(`Promotion ${externalId} exists already`);
    }
    const promotion: Promotion = {
      mindboxId,
      externalId,
      name: dto.name ?? `Акция ${externalId}`,
      kind: dto.kind,
      value: dto.kind === 'percent' ? dto.value : toCents(dto.value),
      scope: dto.scope ?? 'order',
      couponPoolMindboxId: dto.couponPoolMindboxId,
      productIds: dto.productIds,
      minOrderTotal: dto.minOrderTotal === undefined ? undefined : toCents(dto.minOrderTotal),
    };
    state.promotions.push(promotion);
    return promotion;
  }

  private checkDiscount(discount: { kind: string; value: number }): void {
    if (discount.kind === 'percent' && discount.value > 100) {
      throw new BadRequestException('A percent discount is at most 100');
    }
  }

  private checkIdKeys(state: ProjectState, keys: string[]): void {
    const unknown = keys.filter((key) => !state.settings.customerIdKeys.includes(key));
    if (unknown.length > 0 || keys.length === 0) {
      throw new BadRequestException(
        `Customer ids must use the project's keys (${state.settings.customerIdKeys.join(', ')}); got ${keys.join(', ') || 'none'}`,
      );
    }
  }

  private customer(endpointId: string, idKey: string, idValue: string): CustomerRecord {
    const customer = findCustomer(this.project(endpointId), { [idKey]: idValue });
    if (!customer) throw new NotFoundException(`No customer with ${idKey}=${idValue}`);
    return customer;
  }

  private project(endpointId: string): ProjectState {
    const state = this.store.get(endpointId);
    if (!state) throw new NotFoundException(`No Mindbox project ${endpointId}`);
    return state;
  }

  private projectView(state: ProjectState) {
    const base = this.config.get<string>('SANDBOX_PUBLIC_URL') ?? '';
    return projectView(state, `${base.replace(/\/$/, '')}/mindbox`);
  }

  /** The store's own refusals (a taken id) become 409s of the control API. */
  private guard<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof MindboxValidationFailure) throw new ConflictException(error.message);
      throw error;
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function describeDiscount(discount: { kind: string; value: number; scope?: string }): string {
  if (discount.kind === 'percent') return `Скидка ${discount.value}%`;
  return discount.scope === 'line'
    ? `Скидка ${discount.value} на каждый товар`
    : `Скидка ${discount.value} на заказ`;
}
