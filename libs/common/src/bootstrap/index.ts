export { bootstrapService } from './bootstrap';
export type { BootstrapOptions } from './bootstrap';
export { describeStartupFailure } from './startup-failure';
