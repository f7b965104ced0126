/** Injection token of the service name MetricsModule labels every metric with. */
export const METRICS_SERVICE_NAME = Symbol('METRICS_SERVICE_NAME');

/** Path of the Prometheus scrape endpoint; not itself measured. */
export const METRICS_PATH = '/metrics';
