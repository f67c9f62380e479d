import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoTable } from '../../shared/adapters/dynamo/client';

/**
 * A store's `{ client, tableName }` on an emulator at `endpoint`, marshalled as the stage's own client does
 * (shared/adapters/dynamo/client.ts). dynalite takes any region; moto routes by a real one.
 */
export function tableAt(endpoint: string, tableName: string, region = 'local'): DynamoTable {
  return {
    client: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint,
        region,
        credentials: { accessKeyId: 'flowia-test', secretAccessKey: 'flowia-test' },
      }),
      { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
    ),
    tableName,
  };
}
