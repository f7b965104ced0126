import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
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

/** Many customers at once: ids `from`, `from + 1`, … under `idKey`, each with `balance` points. */
export class GenerateCustomersDto {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  count: number;

  /** Default: the project's first customer id key. */
  @IsOptional()
  @Matches(SYSTEM_NAME)
  idKey?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  from?: number;

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
