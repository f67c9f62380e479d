import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactDataStore, ContactErasure, ContactRecords } from '../../services/leads/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { inboundOf } from './last-inbound';
import { deleteKeys, queryAll } from './queries';
import { SEND_RECORD_TYPE, sendRecordsOfLead, toSendRecord } from './send-record-store';
import { isTraceAttribute } from './trace-store';

type Item = Record<string, unknown>;

const STORAGE_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'ttl'];
/** An item as the person's data: our storage keys removed, everything else as stored. */
const plain = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !STORAGE_KEYS.includes(key)));
/** A send record is stored slim (send-record-store.ts): exported as the record it is, its type kept. */
const exported = (item: Item): Item =>
  item.type === SEND_RECORD_TYPE ? { ...plain(item), ...toSendRecord(item) } : plain(item);
const keyOf = (item: Item) => ({ pk: item.pk as string, sk: item.sk as string });
const byTime = (a: Item, b: Item) =>
  String(a.createdAt ?? a.occurredAt ?? a.at ?? '').localeCompare(
    String(b.createdAt ?? b.occurredAt ?? b.at ?? ''),
  );

/** The items that name one contact, found through the keys that name them (no scan). */
export class DynamoContactDataStore implements ContactDataStore {
  constructor(private readonly table: DynamoTable) {}

  async collect(workspaceId: string, leadId: string, since: string): Promise<ContactRecords> {
    const [interactions, messages, conversation, deliveries, crmOutbox, notifications, webhookDeliveries] =
      await Promise.all([
        this.interactions(workspaceId, leadId, since),
        this.thread(workspaceId, leadId, since),
        this.get(keys.conversation(workspaceId, leadId)),
        this.sendRecords(workspaceId, leadId),
        this.crmOutbox(workspaceId, leadId),
        this.notifications(workspaceId, leadId),
        this.webhookDeliveries(workspaceId, leadId),
      ]);
    return {
      interactions: interactions.map(plain),
      messages: messages.map(exported),
      // Its last incoming message whole, as the inbox reads it (the item stores it without what it already holds).
      conversation: conversation
        ? plain({
            ...conversation,
            ...('lastInbound' in conversation ? { lastInbound: inboundOf(conversation, workspaceId) } : {}),
          })
        : null,
      deliveries: deliveries.map(exported).sort(byTime),
      crmOutbox: crmOutbox.map(plain),
      notifications: notifications.map(plain),
      webhookDeliveries: webhookDeliveries.map(plain),
    };
  }

  async getErasure(workspaceId: string, leadId: string): Promise<ContactErasure | undefined> {
    const item = await this.get(keys.contactErasure(workspaceId, leadId));
    if (!item) return undefined;
    return {
      workspaceId,
      leadId: item.leadId as string,
      status: item.status as ContactErasure['status'],
      startedAt: item.startedAt as string,
      leaseUntil: item.leaseUntil as string,
      requestedBy: item.requestedBy as string,
      crm: (item.crm as ContactErasure['crm']) ?? null,
      erasedAt: (item.erasedAt as string | null) ?? null,
      counts: (item.counts as Record<string, number> | null) ?? null,
    };
  }

  async claimErasure(erasure: ContactErasure, now: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.contactErasure(erasure.workspaceId, erasure.leadId),
            type: 'contactErasure',
            ...erasure,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :erased OR leaseUntil < :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':erased': 'erased', ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async recordCrmOutcomes(workspaceId: string, leadId: string, crm: NonNullable<ContactErasure['crm']>) {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.contactErasure(workspaceId, leadId),
        UpdateExpression: 'SET crm = :crm',
        ExpressionAttributeValues: { ':crm': crm },
      }),
    );
  }

  async eraseWebhookDeliveries(workspaceId: string, leadId: string): Promise<number> {
    const items = await this.webhookDeliveries(workspaceId, leadId);
    await deleteKeys(this.table, items.map(keyOf));
    return items.length;
  }

  async eraseNotifications(workspaceId: string, leadId: string): Promise<number> {
    const items = await this.notifications(workspaceId, leadId);
    await deleteKeys(this.table, items.map(keyOf));
    return items.length;
  }

  /**
   * A send record stays (its key is the exactly-once guard: a replayed webhook must not DM again, and its status
   * and quota day are what usage and billing count) but loses every trace of the person: text, lead, provider
   * message id, explanations, and its thread index entry (and the lead's deliveries entry records written before
   * those were read from the thread still have).
   */
  async anonymiseDeliveries(workspaceId: string, leadId: string): Promise<number> {
    const items = await this.sendRecords(workspaceId, leadId);
    for (const item of items) {
      const attempts = ((item.attempts as Item[] | undefined) ?? []).map((a) => ({
        attempt: a.attempt,
        at: a.at,
        outcome: a.outcome,
      }));
      try {
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keyOf(item),
            UpdateExpression:
              'SET #text = :empty, attempts = :attempts, anonymised = :true REMOVE leadId, providerMessageId, explanation, authorUserId, gsi2pk, gsi2sk, gsi3pk, gsi3sk',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#text': 'text' },
            ExpressionAttributeValues: { ':empty': '', ':attempts': attempts, ':true': true },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    return items.length;
  }

  /**
   * Per interaction, what hangs off it first (its trace in the older layout, follow-up and parked copy), then the
   * bare dedupe marker (kept without the lead and without the trace it carries: a redelivered webhook of the same message must still be recognised and not answered
   * twice), then the interaction itself: a crash in between leaves the interaction, which the retry finds again.
   */
  async eraseInteractions(workspaceId: string, leadId: string): Promise<number> {
    const interactions = await this.interactions(workspaceId, leadId);
    for (const interaction of interactions) {
      const dedupeKey = String(interaction.id ?? interaction.dedupeKey ?? '');
      if (dedupeKey) {
        const traces = await queryAll(this.table, {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.tracePrefix(dedupeKey) },
          ProjectionExpression: 'pk, sk',
        });
        // The interaction's own follow-up, and those keyed after it: a second action's, a sequence's steps.
        const followUps = await queryAll(this.table, {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.ws(workspaceId),
            ':prefix': `${keys.followUp(workspaceId, dedupeKey).sk}#`,
          },
          ProjectionExpression: 'pk, sk',
        });
        await deleteKeys(this.table, [
          ...traces.map(keyOf),
          keys.followUp(workspaceId, dedupeKey),
          ...followUps.map(keyOf),
          ...(typeof interaction.accountId === 'string'
            ? [keys.parkedInteraction(workspaceId, interaction.accountId, dedupeKey)]
            : []),
        ]);
        await this.bareMarker(workspaceId, dedupeKey);
      }
      await deleteKeys(this.table, [keyOf(interaction)]);
    }
    return interactions.length;
  }

  /**
   * The DEDUPE item keeps its marker (state, doneAt, ttl) and loses what names the person: the lead id an older
   * deployment stored, and the trace it carries (the message's summary, each attempt: see DynamoTraceStore).
   */
  private async bareMarker(workspaceId: string, dedupeKey: string): Promise<void> {
    const key = keys.interactionDedupe(workspaceId, dedupeKey);
    const marker = await this.get(key);
    if (!marker) return;
    const removed = Object.keys(marker).filter((name) => name === 'leadId' || isTraceAttribute(name));
    if (removed.length === 0) return;
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: `REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(removed.map((name, i) => [`#r${i}`, name])),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async eraseConversation(workspaceId: string, leadId: string): Promise<number> {
    const { Attributes } = await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.conversation(workspaceId, leadId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? 1 : 0;
  }

  async eraseLead(workspaceId: string, leadId: string): Promise<void> {
    await deleteKeys(this.table, [keys.lead(workspaceId, leadId)]);
  }

  async finishErasure(workspaceId: string, leadId: string, at: string, counts: Record<string, number>) {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.contactErasure(workspaceId, leadId),
        UpdateExpression: 'SET #status = :erased, erasedAt = :at, counts = :counts',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':erased': 'erased', ':at': at, ':counts': counts },
      }),
    );
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every interaction of the lead, or (with `since`) those the retention still shows. */
  private interactions(workspaceId: string, leadId: string, since = '') {
    const prefix = keys.interactionPrefix(leadId);
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.ws(workspaceId),
        ':from': `${prefix}${since}`,
        ':to': `${prefix}\uffff`,
      },
    });
  }

  private thread(workspaceId: string, leadId: string, since: string) {
    return queryAll(this.table, {
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :since',
      ExpressionAttributeValues: { ':pk': keys.threadOf(workspaceId, leadId), ':since': since },
    });
  }

  /** Every send record of the lead (anonymised ones have left the thread). */
  private sendRecords(workspaceId: string, leadId: string) {
    return queryAll(this.table, sendRecordsOfLead(workspaceId, leadId));
  }

  private async crmOutbox(workspaceId: string, leadId: string) {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'leadId = :lead',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': 'CRMOUTBOX#', ':lead': leadId },
    });
    return items;
  }

  /** Notifications about the contact: tagged with its lead id, or (older ones) naming it in their text. */
  private notifications(workspaceId: string, leadId: string) {
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'leadId = :lead OR contains(body, :lead)',
      ExpressionAttributeValues: {
        ':pk': keys.ws(workspaceId),
        ':prefix': keys.notificationPrefix(),
        ':lead': leadId,
      },
    });
  }

  /** Webhook deliveries whose event carries the contact (every lead and message event names the lead id). */
  private webhookDeliveries(workspaceId: string, leadId: string) {
    return queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'contains(body, :lead)',
      ExpressionAttributeValues: { ':pk': keys.webhookDeliveriesOfWorkspace(workspaceId), ':lead': leadId },
    });
  }
}
