import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';

/** A Mindbox operation system name, e.g. `Website.CalculateAuthorizedCart`. */
export function IsOperationName(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MaxLength(200)(target, key);
    Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      message: `${String(key)} must be a Mindbox operation system name (letters, digits, dots, dashes)`,
    })(target, key);
  };
}

/** A Mindbox identifier or field system name, e.g. `retailcrmId`. */
export function IsMindboxName(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MaxLength(100)(target, key);
    Matches(/^[A-Za-z][A-Za-z0-9_]*$/, {
      message: `${String(key)} must be a Mindbox system name (Latin letters, digits, underscore)`,
    })(target, key);
  };
}

/** A RetailCRM code (status, order method, site, custom field). */
export function IsCrmCode(options: { each?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    MaxLength(100, options)(target, key);
    Matches(/^[A-Za-z0-9_-]+$/, {
      ...options,
      message: `${String(key)} must be RetailCRM codes (Latin letters, digits, - and _)`,
    })(target, key);
  };
}

/** A list of RetailCRM codes. */
export function IsCrmCodeList(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(500)(target, key);
    IsCrmCode({ each: true })(target, key);
  };
}

/** An object whose keys and values are short strings (a status map). */
export function IsStringRecord(): PropertyDecorator {
  return ValidateBy({
    name: 'isStringRecord',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(value).every(([k, v]) => k.length <= 100 && typeof v === 'string' && v.length <= 100),
      defaultMessage: (args) => `${args?.property} must map codes to codes, e.g. {"delivered": "Delivered"}`,
    },
  });
}
