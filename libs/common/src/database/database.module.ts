import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './database.options';

/**
 * The service's TypeORM connection. Migrations never run here: `npm run migrate` (or the compose
 * `migrate` service, or the k8s Job) applies them once per release.
 */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ...dataSourceOptions(config.getOrThrow<string>('DATABASE_URL')),
            // A wrong DATABASE_URL should stop the boot quickly with a clear message.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
    };
  }
}
