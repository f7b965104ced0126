import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';
import { isSensitive } from './env.decorators';
import { maskUrl } from './mask-url';

const MASK = '****';
const MAX_SHOWN_LENGTH = 80;

/** Thrown at boot when environment variables are missing or wrong; the message names each of them. */
export class InvalidEnvironmentError extends Error {
  override readonly name = 'InvalidEnvironmentError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
  }
}

/**
 * Builds the `validate` callback of `ConfigModule.forRoot({ validate })` for an env class.
 *
 * Missing and empty variables take the class defaults, strings are converted to the declared
 * property types, and any failure throws an {@link InvalidEnvironmentError} that names every wrong
 * variable, shows what it got (URL passwords masked, {@link Sensitive} values never) and why.
 */
export function validateEnv<T extends object>(cls: new () => T): (config: Record<string, unknown>) => T {
  return (config) => {
    // An empty variable (`LOG_LEVEL=` in a compose file) means "not set", not "set to ''".
    const provided = Object.fromEntries(
      Object.entries(config).filter(([, v]) => v !== '' && v !== undefined),
    );
    const env = plainToInstance(cls, provided, { enableImplicitConversion: true });
    const errors = validateSync(env);
    if (errors.length > 0) {
      throw new InvalidEnvironmentError(errors.map((error) => describeProblem(cls, error, provided)));
    }
    return env;
  };
}

/**
 * The declared variables of a validated env with their values, ready for a startup log line:
 * {@link Sensitive} values become `****`, URL passwords are masked.
 */
export function describeEnv(env: object): Record<string, unknown> {
  const values = env as Record<string, unknown>;
  return Object.fromEntries(declaredKeys(env).map((key) => [key, showValue(env, key, values[key])]));
}

function describeProblem(cls: object, error: ValidationError, provided: Record<string, unknown>): string {
  // Constraints come last decorator first; each message starts with the variable's name.
  const prefix = `${error.property} `;
  const reasons = Object.values(error.constraints ?? {})
    .reverse()
    .map((message) => (message.startsWith(prefix) ? message.slice(prefix.length) : message));
  const why = `${prefix}${reasons.join(', ') || 'is invalid'}`;
  const raw = provided[error.property];
  const got = raw === undefined ? 'not set' : `got ${JSON.stringify(showValue(cls, error.property, raw))}`;
  return `${why} (${got})`;
}

function showValue(clsOrInstance: object, key: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (isSensitive(clsOrInstance, key)) return MASK;
  if (typeof value !== 'string') return value;
  const masked = maskUrl(value);
  return masked.length > MAX_SHOWN_LENGTH ? `${masked.slice(0, MAX_SHOWN_LENGTH)}…` : masked;
}

// Every env variable carries at least one class-validator decorator, so the validator's metadata
// is the list of declared variables, inherited ones included.
function declaredKeys(env: object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(env.constructor, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}
