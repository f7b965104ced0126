import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// The yardstick of the intake benchmark: a NestJS app on the same platform (Express) with one
// route shaped like the hook, doing nothing. What the gateway adds on top is the product's cost.

@Controller()
class BareController {
  @Post('hooks/:token/:entity')
  @HttpCode(202)
  hook(): { accepted: true } {
    return { accepted: true };
  }

  @Get('health')
  health(): string {
    return 'ok';
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
}

void main();
