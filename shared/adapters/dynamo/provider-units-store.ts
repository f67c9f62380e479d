import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { YouTubeCensus, YouTubeUnitLedger } from '../../services/youtube/ports';
import type { DynamoTable } from './client';
import { addWithin } from './counters';
import * as keys from './keys';

/**
 * Provider API units per Pacific day: one counter for the whole Google Cloud project and one per workspace, each
 * a conditional ADD (counters.ts) that keeps its total within its limit without a read-modify-write race. Giving
 * units back is an unconditional negative ADD of what was just added. Items expire by TTL.
 */
export class DynamoProviderUnitsStore implements YouTubeUnitLedger {
  constructor(
    private readonly table: DynamoTable,
    private readonly provider: string,
  ) {}

  async consumeProject(day: string, units: number, limit: number, expiresAt: number): Promise<boolean> {
    const key = keys.providerUnitsProjectDay(this.provider, day);
    return (await addWithin(this.table, key, units, limit, expiresAt, 'units')) !== undefined;
  }

  async releaseProject(day: string, units: number): Promise<void> {
    await addWithin(this.table, keys.providerUnitsProjectDay(this.provider, day), -units, null, 0, 'units');
  }

  async consumeWorkspace(
    workspaceId: string,
    day: string,
    units: number,
    limit: number,
    expiresAt: number,
  ): Promise<boolean> {
    const key = keys.providerUnitsDay(workspaceId, this.provider, day);
    return (await addWithin(this.table, key, units, limit, expiresAt, 'units')) !== undefined;
  }

  async releaseWorkspace(workspaceId: string, day: string, units: number): Promise<void> {
    await addWithin(
      this.table,
      keys.providerUnitsDay(workspaceId, this.provider, day),
      -units,
      null,
      0,
      'units',
    );
  }

  /** Fills the project's day to its limit: every later consume of that day is refused, for every workspace. */
  async pauseProject(day: string, limit: number, at: string, expiresAt: number): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.providerUnitsProjectDay(this.provider, day),
        UpdateExpression:
          'SET #units = :limit, #pausedAt = if_not_exists(#pausedAt, :at), #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#units': 'units', '#pausedAt': 'pausedAt', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':limit': limit, ':at': at, ':ttl': expiresAt },
      }),
    );
  }

  async project(day: string): Promise<{ units: number; pausedAt: string | null }> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.providerUnitsProjectDay(this.provider, day),
        ConsistentRead: true,
      }),
    );
    return {
      units: Number(Item?.units ?? 0),
      pausedAt: typeof Item?.pausedAt === 'string' ? Item.pausedAt : null,
    };
  }

  async workspaceUsed(workspaceId: string, day: string): Promise<number> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.providerUnitsDay(workspaceId, this.provider, day),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.units ?? 0);
  }

  async census(): Promise<YouTubeCensus | null> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.providerUnitsCensus(this.provider) }),
    );
    if (!Item || typeof Item.takenAt !== 'string') return null;
    return { takenAt: Item.takenAt, channels: (Item.channels ?? {}) as Record<string, number> };
  }

  async saveCensus(census: YouTubeCensus): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.providerUnitsCensus(this.provider), type: 'providerCensus', ...census },
      }),
    );
  }
}
