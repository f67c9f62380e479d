import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { GLOBAL_INDEXES, TABLE_KEY } from '../../shared/adapters/dynamo/table';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** dynalite in-process, persisted under `path` (LevelDB), or in memory when `path` is undefined. */
export async function startDynalite(path: string | undefined): Promise<LocalDynamo> {
  if (path) mkdirSync(path, { recursive: true });
  const server: Server = dynalite({
    ...(path ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Creates the single table with the same key schema and GSIs as the CDK data stack. Idempotent. */
export async function ensureTable(endpoint: string, tableName: string, region = 'local'): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    // dynalite takes any region; an AWS emulator such as moto routes by a real one.
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    // keep the client for the create below
  }
  const attributes = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey]);
  for (const index of GLOBAL_INDEXES) attributes.add(index.partitionKey).add(index.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  client.destroy();
}
