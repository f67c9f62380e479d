import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthCheck } from '../../services/health/health-service';
import type { DynamoTable } from './client';

/** Reads a key that never exists: proves the table answers, with only the GetItem permission the API has. */
export function tableHealthCheck(table: DynamoTable): HealthCheck {
  return {
    name: 'table',
    critical: true,
    async run() {
      await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: { pk: 'HEALTH', sk: 'PROBE' } }),
      );
      return { state: 'ok' };
    },
  };
}
