import { GetCommand, QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LEAD_STATUSES, type Lead } from '../../domain/leads/lead';
import { foldText, leadMatchesText } from '../../domain/leads/lead-search';
import { PLATFORMS } from '../../domain/messages/platforms';
import { NotFoundError } from '../../errors';
import type {
  Interaction,
  LeadChanges,
  LeadListFilter,
  LeadPage,
  LeadStats,
  LeadStore,
} from '../../services/leads/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { decodeLeadCursor, encodeLeadCursor } from './lead-cursor';
import { fromLeadItem, leadIndexKeys } from './lead-items';
import { type LeadQueryPlan, planLeadQuery } from './lead-query-plan';

type Item = Record<string, unknown>;

/** Items one list request may evaluate before it answers with what it has and a cursor (bounded latency). */
const MAX_EVALUATED_PER_REQUEST = 5_000;
/** Page size of the export's reads: large pages, few round trips, one page in memory at a time. */
const EXPORT_PAGE_SIZE = 500;
/** Stats read at most this many leads (one projected Query stream) and say so when the range holds more. */
const MAX_STATS_LEADS = 200_000;

export class DynamoLeadStore implements LeadStore {
  constructor(private readonly table: DynamoTable) {}

  async list(workspaceId: string, filter: LeadListFilter, limit: number, cursor?: string): Promise<LeadPage> {
    const plan = planLeadQuery(workspaceId, filter);
    let startKey = cursor ? decodeLeadCursor(workspaceId, plan, cursor) : undefined;
    const folded = foldText(filter.text ?? '');
    const hasFilters = plan.filter !== undefined || folded !== '';
    const leads: Lead[] = [];
    let evaluated = 0;
    for (;;) {
      // One more than asked tells "exactly limit left" from "more to come" without an extra empty page.
      const pageSize = hasFilters ? 500 : limit - leads.length + 1;
      const page = await this.query(plan, startKey, pageSize);
      const items = page.Items ?? [];
      for (const [i, item] of items.entries()) {
        const lead = fromLeadItem(item);
        if (!leadMatchesText(lead, folded)) continue;
        leads.push(lead);
        if (leads.length === limit) {
          const atEnd = i === items.length - 1 && !page.LastEvaluatedKey;
          return { leads, nextCursor: atEnd ? null : encodeLeadCursor(plan, keyOf(plan, item)) };
        }
      }
      if (!page.LastEvaluatedKey) return { leads, nextCursor: null };
      startKey = page.LastEvaluatedKey;
      evaluated += page.ScannedCount ?? items.length;
      if (evaluated >= MAX_EVALUATED_PER_REQUEST)
        return { leads, nextCursor: encodeLeadCursor(plan, startKey) };
    }
  }

  async *iterate(workspaceId: string, filter: LeadListFilter): AsyncIterable<Lead> {
    const plan = planLeadQuery(workspaceId, filter);
    const folded = foldText(filter.text ?? '');
    let startKey: Item | undefined;
    do {
      const page = await this.query(plan, startKey, EXPORT_PAGE_SIZE);
      for (const item of page.Items ?? []) {
        const lead = fromLeadItem(item);
        if (leadMatchesText(lead, folded)) yield lead;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async get(workspaceId: string, leadId: string): Promise<Lead | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.lead(workspaceId, leadId),
        ConsistentRead: true,
      }),
    );
    return Item ? fromLeadItem(Item) : undefined;
  }

  async history(workspaceId: string, leadId: string, limit: number, since: string): Promise<Interaction[]> {
    const prefix = keys.interactionPrefix(leadId);
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        // Sort keys are `INTERACTION#<lead>#<occurredAt>#…`: the range leaves out what the retention expired.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.ws(workspaceId),
          ':from': `${prefix}${since}`,
          ':to': `${prefix}\uffff`,
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).reverse().map((item) => ({
      platform: String(item.platform ?? ''),
      kind: String(item.kind ?? ''),
      direction: item.direction === 'outbound' ? 'outbound' : 'inbound',
      text: String(item.text ?? ''),
      occurredAt: String(item.occurredAt ?? ''),
      author: typeof item.author === 'string' ? item.author : null,
    }));
  }

  /**
   * Writes the changed fields and the GSI keys derived from them in one conditional update. The condition pins
   * the fields the keys are built from (status, score, lastInteractionAt), so when the pipeline touches the lead
   * in between, the update is recomputed from a fresh read instead of writing stale index keys.
   */
  async update(workspaceId: string, leadId: string, changes: LeadChanges, now: string): Promise<Lead> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(workspaceId, leadId);
      if (!current) throw new NotFoundError('Lead not found.');
      const next = { ...current, ...changes, updatedAt: now };
      const fields: Item = { ...changes, updatedAt: now, ...leadIndexKeys(next) };
      const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
      try {
        const { Attributes } = await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.lead(workspaceId, leadId),
            UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression:
              'attribute_exists(pk) AND #cStatus = :cStatus AND #cScore = :cScore AND #cAt = :cAt',
            ExpressionAttributeNames: {
              ...Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
              '#cStatus': 'status',
              '#cScore': 'score',
              '#cAt': 'lastInteractionAt',
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])),
              ':cStatus': current.status,
              ':cScore': current.score,
              ':cAt': current.lastInteractionAt,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return fromLeadItem(Attributes ?? {});
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    throw new Error('The lead kept changing while it was being updated.');
  }

  /** Counts over the recency index within [from, to], reading three projected attributes per lead. */
  async stats(workspaceId: string, from: string, to: string): Promise<LeadStats> {
    const byStatus = Object.fromEntries(LEAD_STATUSES.map((status) => [status, 0]));
    const byPlatform = Object.fromEntries(PLATFORMS.map((platform) => [platform, 0]));
    const byDay = new Map<string, number>();
    for (
      let day = new Date(`${from.slice(0, 10)}T00:00:00Z`);
      day.toISOString().slice(0, 10) <= to.slice(0, 10);
    ) {
      byDay.set(day.toISOString().slice(0, 10), 0);
      day = new Date(day.getTime() + 86_400_000);
    }
    let total = 0;
    let startKey: Item | undefined;
    do {
      const page: QueryCommandOutput = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :low AND :high',
          ExpressionAttributeValues: {
            ':pk': keys.leadByRecency(workspaceId, '', '').gsi1pk,
            ':low': from,
            ':high': `${to}\uffff`,
          },
          ExpressionAttributeNames: {
            '#status': 'status',
            '#platform': 'platform',
            '#at': 'lastInteractionAt',
          },
          ProjectionExpression: '#status, #platform, #at',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        total += 1;
        const status = String(item.status);
        const platform = String(item.platform);
        const day = String(item.lastInteractionAt).slice(0, 10);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        byPlatform[platform] = (byPlatform[platform] ?? 0) + 1;
        byDay.set(day, (byDay.get(day) ?? 0) + 1);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && total < MAX_STATS_LEADS);
    return {
      from,
      to,
      total,
      byStatus,
      byPlatform,
      byDay: [...byDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, count]) => ({ day, count })),
    };
  }

  private query(plan: LeadQueryPlan, startKey: Item | undefined, limit: number) {
    return this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: plan.index,
        KeyConditionExpression: plan.keyCondition,
        FilterExpression: plan.filter,
        ExpressionAttributeNames: plan.names,
        ExpressionAttributeValues: plan.values,
        ScanIndexForward: plan.forward,
        ExclusiveStartKey: startKey,
        Limit: limit,
      }),
    );
  }
}

function keyOf(plan: LeadQueryPlan, item: Item): Item {
  return {
    pk: item.pk,
    sk: item.sk,
    [plan.partitionAttribute]: item[plan.partitionAttribute],
    [plan.sortAttribute]: item[plan.sortAttribute],
  };
}
