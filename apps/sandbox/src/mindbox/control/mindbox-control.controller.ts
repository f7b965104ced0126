import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  AddCustomersDto,
  AddOrdersDto,
  BalanceDto,
  CouponPoolDto,
  CreateProjectDto,
  OperationsDto,
  ProjectSettingsDto,
  PromotionDto,
} from './mindbox-control.dto';
import { MindboxControlService } from './mindbox-control.service';

/** Set-up and read-back of the simulated Mindbox, for tests and benchmarks. */
@Controller('control/mindbox/projects')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class MindboxControlController {
  constructor(private readonly control: MindboxControlService) {}

  @Post()
  createProject(@Body() dto: CreateProjectDto) {
    return this.control.createProject(dto);
  }

  @Get(':endpointId')
  getProject(@Param('endpointId') endpointId: string) {
    return this.control.getProject(endpointId);
  }

  @Patch(':endpointId')
  updateProject(@Param('endpointId') endpointId: string, @Body() dto: ProjectSettingsDto) {
    return this.control.updateProject(endpointId, dto);
  }

  @Put(':endpointId/operations')
  setOperations(@Param('endpointId') endpointId: string, @Body() dto: OperationsDto) {
    return this.control.setOperations(endpointId, dto.operations);
  }

  @Post(':endpointId/customers')
  addCustomers(@Param('endpointId') endpointId: string, @Body() dto: AddCustomersDto) {
    return this.control.addCustomers(endpointId, dto);
  }

  @Get(':endpointId/customers/:idKey/:idValue')
  getCustomer(
    @Param('endpointId') endpointId: string,
    @Param('idKey') idKey: string,
    @Param('idValue') idValue: string,
  ) {
    return this.control.getCustomer(endpointId, idKey, idValue);
  }

  @Get(':endpointId/customers/:idKey/:idValue/balance')
  getBalance(
    @Param('endpointId') endpointId: string,
    @Param('idKey') idKey: string,
    @Param('idValue') idValue: string,
  ) {
    return this.control.getBalance(endpointId, idKey, idValue);
  }

  @Put(':endpointId/customers/:idKey/:idValue/balance')
  setBalance(
    @Param('endpointId') endpointId: string,
    @Param('idKey') idKey: string,
    @Param('idValue') idValue: string,
    @Body() dto: BalanceDto,
  ) {
    return this.control.setBalance(endpointId, idKey, idValue, dto.available);
  }

  @Post(':endpointId/coupon-pools')
  addCouponPool(@Param('endpointId') endpointId: string, @Body() dto: CouponPoolDto) {
    return this.control.addCouponPool(endpointId, dto);
  }

  /** `?codes=A,B` for some codes, `?pool=<externalId>` for one pool, nothing for all. */
  @Get(':endpointId/coupons')
  getCoupons(
    @Param('endpointId') endpointId: string,
    @Query('codes') codes?: string,
    @Query('pool') pool?: string,
  ) {
    return this.control.getCoupons(endpointId, codes?.split(',').filter(Boolean), pool);
  }

  @Post(':endpointId/promotions')
  addPromotion(@Param('endpointId') endpointId: string, @Body() dto: PromotionDto) {
    return this.control.addPromotion(endpointId, dto);
  }

  @Get(':endpointId/promotions')
  listPromotions(@Param('endpointId') endpointId: string) {
    return this.control.listPromotions(endpointId);
  }

  @Delete(':endpointId/promotions/:externalId')
  endPromotion(@Param('endpointId') endpointId: string, @Param('externalId') externalId: string) {
    return this.control.endPromotion(endpointId, externalId);
  }

  @Post(':endpointId/orders')
  addOrders(@Param('endpointId') endpointId: string, @Body() dto: AddOrdersDto) {
    return this.control.addOrders(endpointId, dto);
  }

  @Get(':endpointId/orders/:idKey/:idValue')
  getOrder(
    @Param('endpointId') endpointId: string,
    @Param('idKey') idKey: string,
    @Param('idValue') idValue: string,
  ) {
    return this.control.getOrder(endpointId, idKey, idValue);
  }
}
