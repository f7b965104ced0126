export * from './base.env';
export { EnvBoolean, IsServiceUrl, isSensitive, Sensitive } from './env.decorators';
export { maskUrl } from './mask-url';
export { describeEnv, InvalidEnvironmentError, validateEnv } from './validate-env';
