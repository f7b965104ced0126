import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { Behaviour, BEHAVIOURS } from '../store/mindbox.entities';

const SYSTEM_NAME = /^[A-Za-z][\w.-]*$/;

/** An object whose keys are operation system names and whose values are behaviours. */
function IsOperationMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOperationMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([name, behaviour]) =>
              SYSTEM_NAME.test(name) && (BEHAVIOURS as readonly unknown[]).includes(behaviour),
          ),
        defaultMessage: () => `$property must map operation system names to one of: ${BEHAVIOURS.join(', ')}`,
      },
    },
    options,
  );
}

export class LineStatusesDto {
  @IsArray()
  @IsString({ each: true })
  cancelled: string[];

  @IsArray()
  @IsString({ each: true })
  returned: string[];
}

export class BalanceTypeDto {
  @Matches(SYSTEM_NAME)
  systemName: string;

  @IsString()
  name: string;
}

/** Settings of a project that can be set at creation and changed later. */
export class ProjectSettingsDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  secretKey?: string;

  /** Operation system name -> behaviour; replaces the default map. */
  @IsOptional()
  @IsOperationMap()
  operations?: Record<string, Behaviour>;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @Matches(SYSTEM_NAME, { each: true })
  customerIdKeys?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @Matches(SYSTEM_NAME, { each: true })
  orderIdKeys?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @Matches(SYSTEM_NAME, { each: true })
  productIdKeys?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => LineStatusesDto)
  lineStatuses?: LineStatusesDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => BalanceTypeDto)
  balanceType?: BalanceTypeDto;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  maxPointsShare?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  phoneConfirmationCode?: string;

  /** Split lines of two or more units in calculate and begin answers. */
  @IsOptional()
  @IsBoolean()
  splitLines?: boolean;

  /**
   * Requests per operation in any window of `rateLimitWindowMs` before 429 answers; 0 turns the
   * limit off. Default `SANDBOX_MINDBOX_RATE_LIMIT` (8,000, Mindbox's own a minute).
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  rateLimit?: number;

  /** Default 60,000 (a minute); shorter lets a test see the window free again. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  rateLimitWindowMs?: number;
}

export class CreateProjectDto extends ProjectSettingsDto {
  /** Generated when missing. */
  @IsOptional()
  @Matches(SYSTEM_NAME)
  endpointId?: string;
}

export class OperationsDto {
  @IsOperationMap()
  operations: Record<string, Behaviour>;
}

export class SubscriptionDto {
  @IsOptional()
  @IsString()
  brand?: string;

  @IsString()
  pointOfContact: string;

  @IsOptional()
  @IsString()
  topic?: string;

  @IsBoolean()
  isSubscribed: boolean;
}

export class CustomerSeedDto {
  /** External ids by the project's customer id keys. */
  @IsObject()
  ids: Record<string, string | number>;

  @IsOptional()
  @IsInt()
  @Min(1)
  mindboxId?: number;

  @IsOptional()
  @IsString()
  email?: string;

  @IsOptional()
  @IsString()
  mobilePhone?: string;

  @IsOptional()
  @IsString()
  firstName?: string;

  @IsOptional()
  @IsString()
  lastName?: string;

  @IsOptional()
  @IsBoolean()
  isMobilePhoneConfirmed?: boolean;

  /** Available points. */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  balance?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SubscriptionDto)
  subscriptions?: SubscriptionDto[];
}

/** Generated ids `from`, `from + 1`, … under `idKey`. */
class GeneratedIdsDto {
  /** Default: the project's first id key of the kind (customer or order). */
  @IsOptional()
  @Matches(SYSTEM_NAME)
  idKey?: string;

  /** Default 1. */
  @IsOptional()
  @IsInt()
  @Min(0)
  from?: number;
}

/** Many customers at once, each with `balance` points. */
export class GenerateCustomersDto extends GeneratedIdsDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  count: number;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  balance?: number;
}

export class AddCustomersDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CustomerSeedDto)
  customers?: CustomerSeedDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => GenerateCustomersDto)
  generate?: GenerateCustomersDto;
}

/** Orders of the generated ones that use a code of one pool. */
export class SeedCouponsDto {
  /** The pool's external id. */
  @IsString()
  @MinLength(1)
  pool: string;

  /** The share of the orders (0…1) that use a code; default 1. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  share?: number;
}

/** Orders of the generated ones that spend their buyer's points. */
export class SeedPointsDto {
  /** Points each such order asks to spend; cut to what the buyer has and the order can take. */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  amount: number;

  /** The share of the orders (0…1) that spend points; default 1. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  share?: number;
}

/**
 * Many committed orders at once, each bought by one of the project's customers or by a new one,
 * some with a code or points.
 */
export class GenerateOrdersDto extends GeneratedIdsDto {
  @IsInt()
  @Min(1)
  @Max(100_000)
  count: number;

  /** `existing` (default when the project has customers) or `new`, one new customer per order. */
  @IsOptional()
  @IsIn(['existing', 'new'])
  customers?: 'existing' | 'new';

  /** New customers' id key; default the project's first customer id key. */
  @IsOptional()
  @Matches(SYSTEM_NAME)
  customerIdKey?: string;

  /** New customers' first id; default `from`. */
  @IsOptional()
  @IsInt()
  @Min(0)
  customerFrom?: number;

  /** Points each new customer has before its order spends any. */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  customerBalance?: number;

  /** Products the lines are drawn from (ids 1…products); default 100. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  products?: number;

  /** Lines per order at most; default 3. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxLines?: number;

  /** Line status external ids, one drawn per line; default `["New"]`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  lineStatuses?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => SeedCouponsDto)
  coupons?: SeedCouponsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => SeedPointsDto)
  points?: SeedPointsDto;

  /** Each order's transaction external id is this and the order id; default `seed-`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  transactionPrefix?: string;

  /** Seed of the generator: the same seed gives the same orders; default `from`. */
  @IsOptional()
  @IsInt()
  seed?: number;
}

export class AddOrdersDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => GenerateOrdersDto)
  generate: GenerateOrdersDto;
}

export class BalanceDto {
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  available: number;
}

export class DiscountDto {
  @IsIn(['percent', 'amount'])
  kind: 'percent' | 'amount';

  /** Percent (0…100) or money. */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  value: number;

  /** For amounts: per item of each line (`line`) or once for the order (`order`, default). */
  @IsOptional()
  @IsIn(['line', 'order'])
  scope?: 'line' | 'order';
}

export class GenerateCodesDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  count: number;

  /** Default: the pool's external id, upper-cased, and a dash. */
  @IsOptional()
  @IsString()
  prefix?: string;
}

/** A promotion's reach: products, a minimum order value. */
class PromotionConditionsDto {
  /** Only lines whose product has one of these ids. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  productIds?: string[];

  /** Only orders whose base value reaches this amount. */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  minOrderTotal?: number;
}

export class CouponPoolDto extends PromotionConditionsDto {
  @IsOptional()
  @Matches(SYSTEM_NAME)
  externalId?: string;

  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsString()
  description?: string;

  @IsIn(['oneTime', 'multiUse'])
  kind: 'oneTime' | 'multiUse';

  @IsOptional()
  @IsArray()
  @Matches(/^\S+$/, { each: true })
  codes?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => GenerateCodesDto)
  generate?: GenerateCodesDto;

  @ValidateNested()
  @Type(() => DiscountDto)
  discount: DiscountDto;

  @IsOptional()
  @IsISO8601()
  availableFrom?: string;

  @IsOptional()
  @IsISO8601()
  availableTill?: string;
}

export class PromotionDto extends PromotionConditionsDto {
  @IsOptional()
  @Matches(SYSTEM_NAME)
  externalId?: string;

  @IsOptional()
  @IsString()
  name?: string;

  @IsIn(['percent', 'amount'])
  kind: 'percent' | 'amount';

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  value: number;

  @IsOptional()
  @IsIn(['line', 'order'])
  scope?: 'line' | 'order';

  /** Applies only with a code of this pool. */
  @IsOptional()
  @IsString()
  couponPoolExternalId?: string;
}
