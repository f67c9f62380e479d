import { tableHealthCheck } from '../adapters/dynamo/table-health';
import { HealthService } from '../services/health/health-service';

let service: HealthService | undefined;

export function healthService(): HealthService {
  service ??= new HealthService([tableHealthCheck]);
  return service;
}
