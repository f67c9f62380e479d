import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendAttempt, SendRecord, SendStatus } from '../../domain/delivery/send-record';
import type { SendRecordStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

export const toSendRecord = (item: Record<string, unknown>): SendRecord => {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _g1,
    gsi1sk: _g1s,
    gsi2pk: _g2,
    gsi2sk: _g2s,
    gsi3pk: _g3,
    gsi3sk: _g3s,
    ...record
  } = item;
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
    ...(record.leadId
      ? {
          ...keys.deliveryByLead(record.workspaceId, record.leadId, at, record.idempotencyKey),
          ...keys.threadEntry(record.workspaceId, record.leadId, at, record.idempotencyKey),
        }
      : {}),
  };
};

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
          Item: {
            ...keys.sendRecord(record.workspaceId, record.idempotencyKey),
            ...deliveryViews(record),
            type: 'sendRecord',
            ...record,
          },
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
      ':explanation': change.attempt.explanation,
      ':now': change.attempt.at,
      ':from': from,
      ':attempt': attempt,
    };
    const sets = [
      '#status = :status',
      'attempts = list_append(attempts, :entry)',
      'explanation = :explanation',
      'updatedAt = :now',
    ];
    if (change.providerMessageId !== undefined) {
      sets.push('providerMessageId = :providerMessageId');
      values[':providerMessageId'] = change.providerMessageId;
    }
    if (change.quotaDay !== undefined) {
      sets.push('quotaDay = :quotaDay');
      values[':quotaDay'] = change.quotaDay;
    }
    return conditional(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.sendRecord(workspaceId, idempotencyKey),
          UpdateExpression: `SET ${sets.join(', ')}`,
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
