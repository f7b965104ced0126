import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, databaseUrlFromEnv } from './database.options';

/** The DataSource the TypeORM CLI uses (`npm run migration:generate`, `migration:revert`). */
export default new DataSource(dataSourceOptions(databaseUrlFromEnv()));
