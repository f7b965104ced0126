export { METRICS_PATH } from './metrics.constants';
export { MetricsController } from './metrics.controller';
export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
