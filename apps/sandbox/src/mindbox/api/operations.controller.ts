import { Body, Controller, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { JsonObject } from './answers';
import { OperationCall, OperationsService } from './operations.service';

type OperationQuery = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `POST /mindbox/v3/operations/{sync|async}?endpointId=&operation=&transactionId=[&deviceUUID=]`. */
@Controller('mindbox/v3/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post('sync')
  @HttpCode(200)
  sync(
    @Query() query: OperationQuery,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): JsonObject {
    return this.answer(res, this.call('sync', query, authorization, body));
  }

  @Post('async')
  @HttpCode(200)
  async(
    @Query() query: OperationQuery,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): JsonObject {
    return this.answer(res, this.call('async', query, authorization, body));
  }

  private call(
    mode: OperationCall['mode'],
    query: OperationQuery,
    authorization: string | undefined,
    body: unknown,
  ) {
    return {
      mode,
      endpointId: text(query.endpointId),
      operation: text(query.operation),
      transactionId: text(query.transactionId),
      authorization,
      body,
    };
  }

  private answer(res: Response, call: OperationCall): JsonObject {
    const answer = this.operations.run(call);
    res.status(answer.httpStatus);
    return answer.body;
  }
}
