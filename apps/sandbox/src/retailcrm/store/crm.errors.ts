/**
 * An answer of the simulated API that is not a success: the status and JSON body the real
 * RetailCRM gives in the same case (see reference/retailcrm-api.md §1.4-1.6).
 */
export class CrmError extends Error {
  constructor(
    readonly status: number,
    readonly body: { success: false; errorMsg: string; [key: string]: unknown },
  ) {
    super(body.errorMsg);
  }
}

/** An entity or a dictionary entry that does not exist (404 `Not found`). */
export class CrmNotFoundError extends CrmError {
  constructor() {
    super(404, { success: false, errorMsg: 'Not found' });
  }
}

/** Invalid entity fields: 400 with `errors` as an object keyed by field. */
export class CrmValidationError extends CrmError {
  constructor(errors: Record<string, string>, errorMsg = 'Errors in the entity format') {
    super(400, { success: false, errorMsg, errors });
  }
}

/** Invalid filters or paging: 400 `Errors in the input parameters`. */
export class CrmInputError extends CrmError {
  constructor(errors: Record<string, string>) {
    super(400, { success: false, errorMsg: 'Errors in the input parameters', errors });
  }
}

/** A required form or query parameter is absent. */
export class CrmMissingParameterError extends CrmError {
  constructor(name: string) {
    super(400, { success: false, errorMsg: `Parameter '${name}' is missing` });
  }
}

/** The key lacks the scope or the shop the call needs. */
export class CrmAccessDeniedError extends CrmError {
  constructor() {
    super(403, { success: false, errorMsg: 'Access denied.' });
  }
}

/** The account code in the URL names no account: the real service answers an nginx HTML page. */
export class CrmAccountNotFoundError extends Error {
  constructor(readonly code: string) {
    super(`Account ${code} does not exist`);
  }
}
