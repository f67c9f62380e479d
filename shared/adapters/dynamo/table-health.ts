import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthCheck } from '../../services/health/health-service';
import { dynamo, tableName } from './client';

/** Reads a key that never exists: proves the table answers, with only the GetItem permission the API has. */
export const tableHealthCheck: HealthCheck = {
  name: 'table',
  critical: true,
  async run() {
    await dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: 'HEALTH', sk: 'PROBE' } }));
    return { state: 'ok' };
  },
};
