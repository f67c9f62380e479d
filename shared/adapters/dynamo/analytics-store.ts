import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  emptyFunnel,
  FUNNEL_COUNTERS,
  type FunnelCell,
  type FunnelCounter,
  type FunnelCounts,
} from '../../domain/analytics/funnel';
import { TOUCH_MARKS, type TouchStep } from '../../domain/delivery/send-record';
import type { FunnelCellKey, FunnelStore, TouchStore } from '../../services/analytics/ports';
import type { DeliveryStore } from '../../services/deliveries/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

/**
 * The funnel cells: `ADD` on numbers is atomic and creates the item and its attributes on first use, so
 * concurrent steps never lose a count and a cell needs no creation. Counter attributes are the counters' names,
 * an A/B version's are `<counter>#<version>` (funnel.ts), all in the one item.
 */
export class DynamoFunnelStore implements FunnelStore {
  constructor(private readonly table: DynamoTable) {}

  async add(workspaceId: string, cell: FunnelCellKey, counters: FunnelCounter[], variantId: string | null) {
    if (counters.length === 0) return;
    const names: Record<string, string> = { '#day': 'day', '#scenario': 'scenarioId', '#media': 'mediaId' };
    const adds: string[] = [];
    counters.forEach((counter, i) => {
      names[`#c${i}`] = counter;
      adds.push(`#c${i} :one`);
      if (variantId !== null) {
        names[`#v${i}`] = `${counter}#${variantId}`;
        adds.push(`#v${i} :one`);
      }
    });
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.analyticsCell(workspaceId, cell.day, cell.scenarioId, cell.mediaId),
        UpdateExpression: `SET #day = :day, #scenario = :scenario, #media = :media, #type = :type ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: { ...names, '#type': 'type' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':day': cell.day,
          ':scenario': cell.scenarioId,
          ':media': cell.mediaId,
          ':type': 'analyticsCell',
        },
      }),
    );
  }

  async cells(workspaceId: string, from: string, to: string): Promise<FunnelCell[]> {
    const cells: FunnelCell[] = [];
    let start: Record<string, unknown> | undefined;
    // One Query over the range (pages of 1 MB); `ANALYTICS#<to>#\uffff` sorts after every cell of the last day.
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.ws(workspaceId),
            ':from': keys.analyticsDayPrefix(from),
            ':to': `${keys.analyticsDayPrefix(to)}\uffff`,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) cells.push(toCell(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return cells;
  }
}

function toCell(item: Record<string, unknown>): FunnelCell {
  const counts = emptyFunnel();
  const variants: Record<string, FunnelCounts> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number') continue;
    const [counter, variantId] = name.split('#') as [FunnelCounter, string | undefined];
    if (!FUNNEL_COUNTERS.includes(counter)) continue;
    if (variantId === undefined) counts[counter] = value;
    else {
      variants[variantId] ??= emptyFunnel();
      variants[variantId][counter] = value;
    }
  }
  return {
    day: item.day as string,
    scenarioId: item.scenarioId as string,
    mediaId: (item.mediaId as string | null) ?? null,
    counts,
    variants,
  };
}

/** The lead's send records (the delivery log's per-lead view) and their funnel marks. */
export class DynamoTouchStore implements TouchStore {
  constructor(
    private readonly table: DynamoTable,
    private readonly deliveries: Pick<DeliveryStore, 'ofLead'>,
  ) {}

  recent(workspaceId: string, leadId: string, limit: number) {
    return this.deliveries.ofLead(workspaceId, leadId, limit);
  }

  async mark(
    workspaceId: string,
    idempotencyKey: string,
    steps: TouchStep[],
    at: string,
  ): Promise<TouchStep[]> {
    if (steps.length === 0) return [];
    const names = Object.fromEntries(steps.map((step, i) => [`#m${i}`, TOUCH_MARKS[step]]));
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.sendRecord(workspaceId, idempotencyKey),
          UpdateExpression: `SET ${steps.map((_, i) => `#m${i} = if_not_exists(#m${i}, :at)`).join(', ')}`,
          // Written only when one of them is new; the old image says which were.
          ConditionExpression: `attribute_exists(pk) AND (${steps.map((_, i) => `attribute_not_exists(#m${i})`).join(' OR ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return steps.filter((step) => Attributes?.[TOUCH_MARKS[step]] === undefined);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return [];
      throw error;
    }
  }
}
