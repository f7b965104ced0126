import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setUpOpenApi } from './openapi/openapi';

/** Largest JSON or form body the gateway reads; bigger ones are answered 413. */
export const BODY_LIMIT = '256kb';

/**
 * What the gateway sets on the app itself before it listens (the rest is in its modules): body
 * size limits and the OpenAPI docs. Run by `main.ts` and by the tests that boot the app.
 */
export function setUpGateway(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Registered before Nest's own parsers, which then step aside (same parser names).
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  setUpOpenApi(app);
}
