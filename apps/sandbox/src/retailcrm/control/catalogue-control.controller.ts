import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { Catalogue, quantityOf } from '../catalogue/catalogue';
import { CatalogueBook } from '../catalogue/catalogue-book';
import { RetailCrmStore } from '../store/retailcrm.store';
import { OfferEditDto, PriceDto, ProductEditDto, SeedCatalogueDto, StockDto } from './catalogue-control.dto';
import { ControlErrorsFilter } from './control-errors.filter';

/**
 * The catalogue of a simulated account, for tests and benchmarks: generate products, offers and
 * groups (bad data included, on request), and change stock, prices and activity the way a
 * manager or a warehouse system would.
 */
@Controller('control/retailcrm/accounts/:code/catalogue')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@UseFilters(ControlErrorsFilter)
export class CatalogueControlController {
  constructor(
    private readonly store: RetailCrmStore,
    private readonly catalogues: CatalogueBook,
  ) {}

  @Get()
  summary(@Param('code') code: string) {
    return this.catalogue(code).summary();
  }

  @Post()
  seed(@Param('code') code: string, @Body() body: SeedCatalogueDto) {
    const catalogue = this.catalogue(code);
    const { replace, ...spec } = body;
    if (replace) catalogue.clear();
    return { ...catalogue.seed(spec), total: catalogue.summary() };
  }

  @Post('offers/:id/stock')
  @HttpCode(200)
  stock(@Param('code') code: string, @Param('id', ParseIntPipe) id: number, @Body() body: StockDto) {
    const offer = this.catalogue(code).setStock(id, body.quantity, body.store);
    if (!offer) throw new NotFoundException(`No offer ${id}`);
    return { id, quantity: quantityOf(offer), stock: offer.stock };
  }

  @Post('offers/:id/price')
  @HttpCode(200)
  price(@Param('code') code: string, @Param('id', ParseIntPipe) id: number, @Body() body: PriceDto) {
    const offer = this.catalogue(code).setPrice(id, body.price);
    if (!offer) throw new NotFoundException(`No offer ${id}`);
    return { id, price: offer.price ?? null };
  }

  @Patch('offers/:id')
  editOffer(@Param('code') code: string, @Param('id', ParseIntPipe) id: number, @Body() body: OfferEditDto) {
    const offer = this.catalogue(code).editOffer(id, body);
    if (!offer) throw new NotFoundException(`No offer ${id}`);
    return { id, active: offer.active };
  }

  @Patch('products/:id')
  editProduct(
    @Param('code') code: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ProductEditDto,
  ) {
    const product = this.catalogue(code).editProduct(id, body);
    if (!product) throw new NotFoundException(`No product ${id}`);
    return { id, active: product.active, name: product.name, updatedAt: product.updatedAt };
  }

  private catalogue(code: string): Catalogue {
    const account = this.store.get(code);
    if (!account) throw new NotFoundException(`No RetailCRM account ${code}`);
    return this.catalogues.of(account);
  }
}
