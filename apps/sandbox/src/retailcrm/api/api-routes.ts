// The methods of the simulated API, to tell "wrong HTTP method" (405) from "no such method" (404).
const ROUTES: [string, RegExp][] = [
  ['GET', /^\/api\/(credentials|api-versions|system-info)$/],
  ['GET', /^\/api\/v5\/(customers|orders)(\/history|\/statuses)?$/],
  ['POST', /^\/api\/v5\/customers\/(create|upload|combine)$/],
  ['POST', /^\/api\/v5\/orders\/create$/],
  ['GET', /^\/api\/v5\/(customers|orders)\/[^/]+$/],
  ['POST', /^\/api\/v5\/(customers|orders)\/[^/]+\/edit$/],
  ['GET', /^\/api\/v5\/reference\/[^/]+$/],
  ['GET', /^\/api\/v5\/settings$/],
  ['GET', /^\/api\/v5\/custom-fields(\/[^/]+\/[^/]+)?$/],
  ['POST', /^\/api\/v5\/custom-fields\/[^/]+\/create$/],
  ['GET', /^\/api\/v5\/integration-modules\/[^/]+$/],
  ['POST', /^\/api\/v5\/integration-modules\/[^/]+\/edit$/],
];

/** The HTTP methods the simulated API serves at `path` (the part after `/crm/{account}`). */
export function allowedMethods(path: string): string[] {
  const normalized = path.replace(/\/+$/, '');
  return [...new Set(ROUTES.filter(([, pattern]) => pattern.test(normalized)).map(([method]) => method))];
}
