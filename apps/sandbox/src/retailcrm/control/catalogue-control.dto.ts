import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/** A generated catalogue added to an account (`POST .../catalogue`). */
export class SeedCatalogueDto {
  @IsInt()
  @Min(0)
  @Max(500_000)
  products: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  offersPerProduct?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000)
  groups?: number;

  /** The shop whose catalogue gets the products; the account's first shop by default. */
  @IsOptional()
  @IsString()
  site?: string;

  /** Share of offers with stock, 0..1. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  inStock?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  withoutPrice?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  duplicateIds?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  brokenText?: number;

  /** Forget the catalogue the account had (its default offers included) first. */
  @IsOptional()
  @IsBoolean()
  replace?: boolean;

  @IsOptional()
  @IsInt()
  seed?: number;
}

/** A warehouse's stock of an offer. */
export class StockDto {
  @IsInt()
  @Min(0)
  quantity: number;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  store?: string;
}

/** An offer's base price; null removes it. */
export class PriceDto {
  @ValidateIf((_, value) => value !== null)
  @IsNumber()
  @Min(0)
  price: number | null;
}

/** A manager's edit of a product. */
export class ProductEditDto {
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

/** A manager's edit of an offer. */
export class OfferEditDto {
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
