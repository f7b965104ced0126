import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { RetailCrmSimulatorConfig } from '../retailcrm-simulator.config';
import type { CrmAccount } from '../store/crm-account';
import type { Actor, JsonObject } from '../store/crm.types';
import { customerView } from '../store/entity-views';
import { FULL_ACCESS } from '../store/paging';
import { RetailCrmStore } from '../store/retailcrm.store';
import { accountSummary } from './account-summary';
import { ControlErrorsFilter } from './control-errors.filter';
import {
  CreateAccountDto,
  CreateApiKeyDto,
  CustomerChangeDto,
  ManagerDto,
  MergeCustomersDto,
  OrderChangeDto,
  SeedDto,
  UpdateAccountDto,
} from './retailcrm-control.dto';

const DEFAULT_MANAGER = 1;

function manager(userId?: number): Actor {
  return { source: 'user', userId: userId ?? DEFAULT_MANAGER };
}

const byId = (id: number) => ({ by: 'id' as const, value: String(id) });

/**
 * Accounts, bulk seeding and "manager" changes of the simulated RetailCRM, for tests and
 * benchmarks. Manager changes write history with `source: user`.
 */
@Controller('control/retailcrm/accounts')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@UseFilters(ControlErrorsFilter)
export class AccountsControlController {
  constructor(
    private readonly store: RetailCrmStore,
    private readonly config: RetailCrmSimulatorConfig,
  ) {}

  @Post()
  create(@Body() body: CreateAccountDto) {
    const account = this.store.create(body);
    return {
      code: account.code,
      url: this.config.accountUrl(account.code),
      apiKey: account.apiKeys()[0].key,
    };
  }

  @Get()
  list() {
    return {
      accounts: this.store
        .list()
        .map((account) => accountSummary(account, this.config.accountUrl(account.code))),
    };
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return accountSummary(this.account(code), this.config.accountUrl(code));
  }

  @Patch(':code')
  update(@Param('code') code: string, @Body() body: UpdateAccountDto) {
    const account = this.account(code);
    if (body.rateLimit !== undefined) account.rateLimit = body.rateLimit;
    if (body.billingBlocked !== undefined) account.integrationModules.billingBlocked = body.billingBlocked;
    return accountSummary(account, this.config.accountUrl(code));
  }

  @Delete(':code')
  @HttpCode(204)
  remove(@Param('code') code: string): void {
    if (!this.store.remove(code)) throw new NotFoundException(`No RetailCRM account ${code}`);
  }

  @Post(':code/api-keys')
  addKey(@Param('code') code: string, @Body() body: CreateApiKeyDto) {
    const account = this.account(code);
    return account.addKey({
      key: body.apiKey ?? randomKey(),
      scopes: body.scopes ?? account.apiKeys()[0].scopes,
      ...(body.sites ? { sites: body.sites } : {}),
    });
  }

  /** Bulk generated customers and orders; 10,000 customers take a fraction of a second. */
  @Post(':code/seed')
  seed(@Param('code') code: string, @Body() body: SeedDto) {
    return this.account(code).seed(body);
  }

  @Post(':code/customers')
  createCustomer(@Param('code') code: string, @Body() body: CustomerChangeDto) {
    const account = this.account(code);
    const site = account.resolveSite(body.site, FULL_ACCESS);
    return customerView(account.customers.create(manager(body.userId), body.customer as JsonObject, site));
  }

  @Get(':code/customers/:id')
  customer(@Param('code') code: string, @Param('id', ParseIntPipe) id: number) {
    return customerView(this.account(code).customers.find(byId(id), FULL_ACCESS));
  }

  @Patch(':code/customers/:id')
  editCustomer(
    @Param('code') code: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CustomerChangeDto,
  ) {
    const account = this.account(code);
    return customerView(
      account.customers.edit(manager(body.userId), byId(id), body.customer as JsonObject, FULL_ACCESS),
    );
  }

  @Delete(':code/customers/:id')
  @HttpCode(204)
  deleteCustomer(
    @Param('code') code: string,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ManagerDto,
  ): void {
    this.account(code).deleteCustomer(manager(query.userId), id);
  }

  @Post(':code/customers/merge')
  @HttpCode(200)
  merge(@Param('code') code: string, @Body() body: MergeCustomersDto) {
    return customerView(
      this.account(code).mergeCustomers(manager(body.userId), body.resultId, body.mergedIds),
    );
  }

  @Post(':code/orders')
  createOrder(@Param('code') code: string, @Body() body: OrderChangeDto) {
    const account = this.account(code);
    const site = account.resolveSite(body.site, FULL_ACCESS);
    return account.orders.view(account.orders.create(manager(body.userId), body.order as JsonObject, site));
  }

  @Get(':code/orders/:id')
  order(@Param('code') code: string, @Param('id', ParseIntPipe) id: number) {
    const account = this.account(code);
    return account.orders.view(account.orders.find(byId(id), FULL_ACCESS));
  }

  /** A manager edit; `items`, when sent, replace the order's items like an API edit. */
  @Patch(':code/orders/:id')
  editOrder(
    @Param('code') code: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: OrderChangeDto,
  ) {
    const account = this.account(code);
    const order = account.orders.edit(manager(body.userId), byId(id), body.order as JsonObject, FULL_ACCESS);
    return account.orders.view(order);
  }

  @Delete(':code/orders/:id')
  @HttpCode(204)
  deleteOrder(
    @Param('code') code: string,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ManagerDto,
  ): void {
    this.account(code).orders.delete(manager(query.userId), id);
  }

  /** The integration modules registered in the account, `clientId` included. */
  @Get(':code/integration-modules')
  modules(@Param('code') code: string) {
    return { integrationModules: this.account(code).integrationModules.all() };
  }

  private account(code: string): CrmAccount {
    const account = this.store.get(code);
    if (!account) throw new NotFoundException(`No RetailCRM account ${code}`);
    return account;
  }
}

function randomKey(): string {
  return randomBytes(16).toString('hex');
}
