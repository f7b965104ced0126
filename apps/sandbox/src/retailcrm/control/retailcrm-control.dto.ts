import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const CODE = /^[a-z0-9][a-z0-9_-]*$/i;

/** A shop of a new account; a plain string is taken as its code. */
export class SiteDto {
  @IsString()
  @Matches(CODE, { message: 'code must be latin letters, digits, "-" or "_"' })
  code: string;

  @IsOptional()
  @IsString()
  name?: string;
}

/** `POST /control/retailcrm/accounts`. */
export class CreateAccountDto {
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'code must be latin letters, digits, "-" or "_"' })
  code?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  apiKey?: string;

  @IsOptional()
  @IsArray()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((site: unknown) =>
          plainToInstance(SiteDto, typeof site === 'string' ? { code: site } : site),
        )
      : value,
  )
  @ValidateNested({ each: true })
  sites?: SiteDto[];

  /** Scopes of the account's key; all scopes by default. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  /** Requests per second per key (default 10); 0 turns the limit off, e.g. for benchmarks. */
  @IsOptional()
  @IsInt()
  @Min(0)
  rateLimit?: number;
}

/** `PATCH /control/retailcrm/accounts/{code}`: account settings tests change on the fly. */
export class UpdateAccountDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  rateLimit?: number;

  /** An unpaid account: activating a module fails (`errors` as a list). */
  @IsOptional()
  @IsBoolean()
  billingBlocked?: boolean;
}

/** `POST /control/retailcrm/accounts/{code}/api-keys`: another key, e.g. for another integration. */
export class CreateApiKeyDto {
  @IsOptional()
  @IsString()
  @MinLength(8)
  apiKey?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  /** Shops the key reaches (`access_selective`); all shops when left out. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  sites?: string[];
}

/** `POST /control/retailcrm/accounts/{code}/seed`. */
export class SeedDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  customers: number = 0;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  orders: number = 0;

  /** Shops to spread the data over; all by default. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  sites?: string[];

  /** Seed of the generator: the same seed gives the same data. */
  @IsOptional()
  @IsInt()
  seed?: number;
}

/** Who a manager change is written for (history `source: user`, `user: {id}`). */
export class ManagerDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;
}

/** A manager creating or editing a customer: `customer` is the same JSON the API takes. */
export class CustomerChangeDto extends ManagerDto {
  @IsObject()
  customer: Record<string, unknown>;

  /** Shop of a new customer; needed when the account has several. */
  @IsOptional()
  @IsString()
  site?: string;
}

/** A manager creating or editing an order: `order` is the same JSON the API takes. */
export class OrderChangeDto extends ManagerDto {
  @IsObject()
  order: Record<string, unknown>;

  @IsOptional()
  @IsString()
  site?: string;
}

/** A manager merging customers into `resultId`. */
export class MergeCustomersDto extends ManagerDto {
  @IsInt()
  resultId: number;

  @IsArray()
  @ArrayMinSize(1)
  @IsInt({ each: true })
  mergedIds: number[];
}

/** `POST /control/retailcrm/accounts/{code}/register`. */
export class RegisterDto {
  /** The module's base URL; MODULE_URL by default. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  moduleUrl?: string;
}

/** `POST /control/retailcrm/accounts/{code}/activity`. */
export class ActivityDto {
  @IsOptional()
  @IsBoolean()
  active: boolean = true;

  @IsOptional()
  @IsBoolean()
  freeze: boolean = false;

  /** Which registered module to notify; needed only when several are registered. */
  @IsOptional()
  @IsString()
  moduleCode?: string;
}
