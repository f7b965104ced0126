export { assignToRequestLog, runWithLogContext } from './log-context';
export { LoggingModule } from './logging.module';
export { REDACT_PATHS, REDACTED_KEYS, REQUEST_ID_HEADER } from './logging.options';
export type { LoggingOptions } from './logging.options';
