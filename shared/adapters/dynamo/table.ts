/**
 * The single table's shape, read by the CDK data stack and by the local stage's dynalite set-up,
 * so both runtimes build exactly the same indexes.
 * Keys are overloaded (pk/sk plus three generic GSIs); keys.ts is the only module that composes them.
 */
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const GLOBAL_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;

export type IndexName = (typeof GLOBAL_INDEXES)[number]['indexName'];

/** Epoch seconds after which DynamoDB TTL deletes the item (dynalite has no TTL: readers also filter on it). */
export const TTL_ATTRIBUTE = 'ttl';
