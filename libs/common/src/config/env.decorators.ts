import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';

const SENSITIVE_KEYS = Symbol('env:sensitive');

/**
 * Marks an environment variable as a secret (twenty's `isSensitive`): validation errors never echo
 * its value and {@link describeEnv} masks it. Inherited by subclasses.
 */
export function Sensitive(): PropertyDecorator {
  return (target, key) => {
    const inherited: readonly (string | symbol)[] = Reflect.getMetadata(SENSITIVE_KEYS, target) ?? [];
    Reflect.defineMetadata(SENSITIVE_KEYS, [...inherited, key], target);
  };
}

/** Whether `key` of the env class (or instance) was marked with {@link Sensitive}. */
export function isSensitive(clsOrInstance: object, key: string): boolean {
  const prototype: object =
    typeof clsOrInstance === 'function' ? clsOrInstance.prototype : Object.getPrototypeOf(clsOrInstance);
  const keys: readonly (string | symbol)[] = Reflect.getMetadata(SENSITIVE_KEYS, prototype) ?? [];
  return keys.includes(key);
}

/**
 * Validates a URL whose scheme is one of `protocols` (with the trailing colon, e.g. `'amqp:'`)
 * and which names a host.
 */
export function IsServiceUrl(protocols: readonly string[], options?: ValidationOptions): PropertyDecorator {
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  return ValidateBy(
    {
      name: 'isServiceUrl',
      constraints: [protocols],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return protocols.includes(url.protocol) && url.hostname !== '';
          } catch {
            return false;
          }
        },
        defaultMessage: () => `$property must be a ${schemes} URL with a host`,
      },
    },
    options,
  );
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/**
 * Parses `true/false/1/0/yes/no/on/off`. Needed on every boolean env variable because implicit
 * conversion turns the string `"false"` into `true`. Anything else is left as is, so `@IsBoolean()`
 * rejects it with a message.
 */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw: unknown = obj[key];
    if (typeof raw !== 'string') return raw;
    const value = raw.trim().toLowerCase();
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    return raw;
  });
}
