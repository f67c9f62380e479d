import { isDeepStrictEqual } from 'node:util';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendAttempt, SendRecord, SendStatus } from '../../domain/delivery/send-record';
import type { SendRecordStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

/**
 * The send record's item, slimmed so the common one (a short template reply, settled once) stays within one
 * write unit: the table and its two indexes (projecting ALL) each pay per started KB of every write.
 *
 *   pk  WS#<workspaceId>            sk  SEND#<idempotencyKey>       type 'sendRecord'
 *   gsi1 the delivery log, gsi3 the lead's thread (its deliveries are the thread's send records): sort keys
 *   `<createdAt>#<key>`. Not in gsi2: a lead's own deliveries view there had the thread's partition and sort key,
 *   and cost every claim and every settlement one more index write.
 *
 * What the keys or the attempts already hold is not stored again, and `toSendRecord` rebuilds it:
 *   - workspaceId, idempotencyKey: from pk and sk (an item that still has `workspaceId` was written whole, before
 *     this layout: its optional attributes are read as stored);
 *   - dedupeKey: stored only when it is not the key up to its last `#` (`<dedupeKey>#<action>`, a follow-up's
 *     `<dedupeKey>#followup#…#<action>`; a member's reply `human#<lead>#<Idempotency-Key>` keeps it);
 *   - createdAt: the delivery log's sort key starts with it;
 *   - null attributes (scenarioId, authorUserId, mediaId, variantId, quotaDay…): absent;
 *   - explanation, updatedAt, providerMessageId: while the current attempt has no entry in `attempts` (just
 *     claimed) null, startedAt and null; once settled, its latest entry's explanation and time, and the
 *     provider message id of its latest entry that has one. Stored only when they differ from that.
 * A claim checks that the slim item reads back as the record it stores, and stores the record whole when it does
 * not (e.g. a record without createdAt). Conditions name only attributes always stored (pk, status, attempt).
 */
const ERASED = ['leadId', 'providerMessageId', 'explanation', 'authorUserId'] as const;
/** Optional attributes a claim writes as null: absent from a slim item. */
const NULLABLE = ['scenarioId', 'authorUserId', 'mediaId', 'variantId'] as const;
// gsi2: records written before the lead's deliveries were read from its thread still have the keys.
const KEY_ATTRIBUTES = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];
/** The `type` of a send record's item (the thread's other entries are interactions and echoes). */
export const SEND_RECORD_TYPE = 'sendRecord';

/**
 * The Query of one lead's send records: its thread's entries (gsi3) of that type, the others filtered out after
 * they are read. Anonymised records have left the thread.
 */
export const sendRecordsOfLead = (workspaceId: string, leadId: string) => ({
  IndexName: 'gsi3',
  KeyConditionExpression: 'gsi3pk = :pk',
  FilterExpression: '#type = :sendRecord',
  ExpressionAttributeNames: { '#type': 'type' },
  ExpressionAttributeValues: { ':pk': keys.threadOf(workspaceId, leadId), ':sendRecord': SEND_RECORD_TYPE },
});
const WORKSPACE_PREFIX = keys.ws('').length;
const SEND_PREFIX = keys.sendRecord('', '').sk.length;

/** `<dedupeKey>#<action>` → `<dedupeKey>`: the dedupe key an automatic send's key is built on. */
const keyPrefixOf = (idempotencyKey: string) => {
  const end = idempotencyKey.lastIndexOf('#');
  return end < 0 ? undefined : idempotencyKey.slice(0, end);
};

/** The current attempt's entries, newest first (none right after a claim). */
const currentEntries = (attempts: SendAttempt[] | undefined, attempt: number) =>
  (attempts ?? []).filter((entry) => entry.attempt === attempt).reverse();

/**
 * What the record's settled attributes are when not stored, from the current attempt's entries (undefined: no
 * entry says; then a claim's null and startedAt).
 */
const derivedSettlement = (attempts: SendAttempt[] | undefined, attempt: number) => {
  const entries = currentEntries(attempts, attempt);
  return {
    explanation: entries[0]?.explanation,
    updatedAt: entries[0]?.at,
    providerMessageId: entries.find((entry) => entry.providerMessageId !== undefined)?.providerMessageId,
  };
};

export const toSendRecord = (item: Record<string, unknown>): SendRecord => {
  const stored = Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name)),
  ) as Record<string, unknown>;
  const record: Record<string, unknown> = { ...stored };
  if (!('workspaceId' in stored)) {
    const idempotencyKey = String(item.sk).slice(SEND_PREFIX);
    record.workspaceId = String(item.pk).slice(WORKSPACE_PREFIX);
    record.idempotencyKey = idempotencyKey;
    if (!('dedupeKey' in stored)) record.dedupeKey = keyPrefixOf(idempotencyKey);
    const logKey = item.gsi1sk;
    if (!('createdAt' in stored) && typeof logKey === 'string' && logKey.endsWith(`#${idempotencyKey}`))
      record.createdAt = logKey.slice(0, -(idempotencyKey.length + 1));
    for (const name of NULLABLE)
      if (!(name in stored) && !(stored.anonymised && ERASED.includes(name as never))) record[name] = null;
  }
  const derived = derivedSettlement(stored.attempts as SendAttempt[] | undefined, stored.attempt as number);
  const unsaid = { explanation: null, updatedAt: stored.startedAt, providerMessageId: null };
  for (const name of ['explanation', 'updatedAt', 'providerMessageId'] as const) {
    if (name in stored) continue;
    // An anonymised record lost these with its attempts' details: absent, as the erasure left them.
    if (derived[name] !== undefined) record[name] = derived[name];
    else if (!stored.anonymised) record[name] = unsaid[name];
  }
  // Always written (string or null) before this layout: absent means null.
  if (!('quotaDay' in stored)) record.quotaDay = null;
  return record as unknown as SendRecord;
};

/**
 * The delivery-log views and the conversation thread's entry, written with the claim (the record's
 * first-attempt time never changes, so none of them ever moves).
 */
const deliveryViews = (record: SendRecord) => {
  const at = record.createdAt ?? record.startedAt;
  return {
    ...keys.deliveryByTime(record.workspaceId, at, record.idempotencyKey),
    ...(record.leadId ? keys.threadEntry(record.workspaceId, record.leadId, at, record.idempotencyKey) : {}),
  };
};

/** The item a claim puts: slim when it reads back as the record, else the record whole (the older layout). */
export const toSendItem = (record: SendRecord): Record<string, unknown> => {
  const base = {
    ...keys.sendRecord(record.workspaceId, record.idempotencyKey),
    ...deliveryViews(record),
    type: SEND_RECORD_TYPE,
  };
  const {
    workspaceId: _workspaceId,
    idempotencyKey: _idempotencyKey,
    dedupeKey,
    createdAt: _createdAt,
    explanation,
    updatedAt,
    providerMessageId,
    ...rest
  } = record;
  const slim: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(rest))
    if (value !== null && value !== undefined) slim[name] = value;
  if (dedupeKey !== keyPrefixOf(record.idempotencyKey)) slim.dedupeKey = dedupeKey;
  const derived = derivedSettlement(record.attempts, record.attempt);
  if (explanation !== (derived.explanation ?? null)) slim.explanation = explanation;
  if (updatedAt !== (derived.updatedAt ?? record.startedAt)) slim.updatedAt = updatedAt;
  if (providerMessageId !== (derived.providerMessageId ?? null)) slim.providerMessageId = providerMessageId;
  return isDeepStrictEqual(toSendRecord(slim), withoutUndefined(record)) ? slim : { ...base, ...record };
};

const withoutUndefined = (record: SendRecord) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

const conditional = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

export class DynamoSendRecordStore implements SendRecordStore {
  constructor(private readonly table: DynamoTable) {}

  async get(workspaceId: string, idempotencyKey: string): Promise<SendRecord | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.sendRecord(workspaceId, idempotencyKey),
        ConsistentRead: true,
      }),
    );
    return Item ? toSendRecord(Item) : undefined;
  }

  async claim(record: SendRecord, previous: SendRecord | undefined): Promise<boolean> {
    return conditional(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: toSendItem(record),
          ...(previous
            ? {
                ConditionExpression: '#status = :status AND attempt = :attempt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': previous.status, ':attempt': previous.attempt },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ),
    );
  }

  async settle(
    workspaceId: string,
    idempotencyKey: string,
    attempt: number,
    change: {
      status: SendStatus;
      attempt: SendAttempt;
      providerMessageId?: string;
      quotaDay?: string | null;
    },
    from: 'sending' | 'queued' = 'sending',
  ): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':status': change.status,
      ':entry': [change.attempt],
      ':from': from,
      ':attempt': attempt,
    };
    const sets = ['#status = :status', 'attempts = list_append(attempts, :entry)'];
    const removes: string[] = [];
    const set = (name: string, value: unknown) => {
      sets.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    };
    // The entry is the current attempt's newest: the record's explanation and time are read from it.
    const ownEntry = change.attempt.attempt === attempt;
    if (ownEntry) removes.push('explanation', 'updatedAt');
    else {
      set('explanation', change.attempt.explanation);
      set('updatedAt', change.attempt.at);
    }
    const entryId = change.attempt.providerMessageId;
    if (change.providerMessageId !== undefined) {
      if (ownEntry && change.providerMessageId === entryId) removes.push('providerMessageId');
      else set('providerMessageId', change.providerMessageId);
    } else if (ownEntry && entryId !== undefined) {
      // The entry would become the record's provider message id: the record keeps the one it has.
      const current = await this.get(workspaceId, idempotencyKey);
      set('providerMessageId', current?.providerMessageId ?? null);
    }
    if (change.quotaDay !== undefined) {
      if (change.quotaDay === null) removes.push('quotaDay');
      else set('quotaDay', change.quotaDay);
    }
    return conditional(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.sendRecord(workspaceId, idempotencyKey),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#status = :from AND attempt = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async markUncertain(
    workspaceId: string,
    idempotencyKey: string,
    staleAttempt: number,
    at: string,
  ): Promise<boolean> {
    return this.settle(workspaceId, idempotencyKey, staleAttempt, {
      status: 'uncertain',
      attempt: {
        attempt: staleAttempt,
        at,
        outcome: 'uncertain',
        explanation:
          'delivery uncertain: the sender stopped while the provider was being called; not resent to avoid a duplicate',
      },
    });
  }
}
