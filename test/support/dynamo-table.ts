import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamo';
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

/**
 * A table of the file's own on an in-memory dynalite, started before the file's tests (its hooks run first) and
 * stopped after them. Read `client` inside a test or a later hook: the table exists from then on.
 */
export function tableOnDynalite(tableName: string): DynamoTable {
  let dynamo: LocalDynamo | undefined;
  let table: DynamoTable | undefined;
  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    await ensureTable(dynamo.endpoint, tableName);
    table = tableAt(dynamo.endpoint, tableName);
  }, 60_000);
  afterAll(async () => {
    table?.client.destroy();
    await dynamo?.stop();
  });
  return {
    get client() {
      if (!table) throw new Error(`the ${tableName} table exists once the file's tests start`);
      return table.client;
    },
    tableName,
  };
}
