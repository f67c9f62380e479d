import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { toLeadItem } from '../../shared/adapters/dynamo/lead-items';
import type { Lead } from '../../shared/domain/leads/lead';

let counter = 0;

/** A complete lead as the pipeline writes it; override what the test is about. */
export function makeLead(workspaceId: string, overrides: Partial<Lead> = {}): Lead {
  counter += 1;
  const at =
    overrides.lastInteractionAt ?? new Date(Date.UTC(2026, 0, 1, 12) + counter * 60_000).toISOString();
  return {
    id: `lead${counter}x${Math.random().toString(36).slice(2, 8)}`,
    workspaceId,
    platform: 'instagram',
    externalUserId: `ext-${counter}`,
    displayName: `Lead ${counter}`,
    username: `lead_${counter}`,
    status: 'new',
    score: 50,
    scoreFactors: [{ factor: 'asked_price', points: 20 }],
    prospectClass: null,
    phone: null,
    email: null,
    tags: [],
    notes: '',
    interactionCount: 1,
    lastInteractionAt: at,
    lastMessageText: 'Hello, how much is it?',
    createdAt: at,
    updatedAt: at,
    crm: {},
    lastDeliveryError: null,
    ...overrides,
  };
}

export async function seedLeads(leads: Lead[]): Promise<void> {
  for (const lead of leads)
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: toLeadItem(lead) }));
}

/**
 * Fast bulk seeding: BatchWrite 25 at a time, several batches in flight, unprocessed items re-sent.
 * `recencyIndexOnly` drops the status and score index keys (halving dynalite's work) for runs that only read the
 * recency index, such as an unfiltered export.
 */
export async function seedLeadsInBulk(
  leads: Iterable<Lead>,
  concurrency = 6,
  recencyIndexOnly = false,
): Promise<number> {
  const iterator = leads[Symbol.iterator]();
  let written = 0;
  const worker = async () => {
    for (;;) {
      const batch: Array<{ PutRequest: { Item: Record<string, unknown> } }> = [];
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const item = toLeadItem(next.value);
        if (recencyIndexOnly) for (const key of ['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']) delete item[key];
        batch.push({ PutRequest: { Item: item } });
        if (batch.length === 25) break;
      }
      if (batch.length === 0) return;
      let pending = batch;
      while (pending.length > 0) {
        const result = await dynamo().send(
          new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }),
        );
        pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
      }
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

export async function seedInteraction(
  workspaceId: string,
  leadId: string,
  interaction: {
    occurredAt: string;
    direction: 'inbound' | 'outbound';
    text: string;
    kind?: string;
    author?: string;
  },
): Promise<void> {
  const dedupeKey = `ig:${interaction.occurredAt}:${interaction.direction}`;
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.interaction(workspaceId, leadId, interaction.occurredAt, dedupeKey),
        type: 'interaction',
        workspaceId,
        leadId,
        dedupeKey,
        platform: 'instagram',
        kind: interaction.kind ?? 'dm',
        direction: interaction.direction,
        text: interaction.text,
        occurredAt: interaction.occurredAt,
        author: interaction.author ?? (interaction.direction === 'inbound' ? 'lead' : 'business'),
      },
    }),
  );
}

/** Billing owns plan changes; tests set the plan directly on the workspace item. */
export async function setWorkspacePlan(workspaceId: string, plan: 'freemium' | 'premium' | 'ultra') {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.workspace(workspaceId),
      UpdateExpression: 'SET #plan = :plan',
      ExpressionAttributeNames: { '#plan': 'plan' },
      ExpressionAttributeValues: { ':plan': plan },
    }),
  );
}
