import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookEventType } from '../../domain/webhooks/events';
import {
  type CursorBinding,
  decodeListCursor,
  dynamoKeyOf,
  encodeListCursor,
} from '../../services/pagination/list-cursor';
import type { SealedSecret } from '../../services/vault/envelope';
import type {
  DeliveryAttempt,
  DeliveryFilter,
  DeliveryStatus,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
} from '../../services/webhooks/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { queryAll, queryFilteredPage } from './queries';
import { TTL_ATTRIBUTE } from './table';

/** Settled deliveries stay visible (GET /webhooks/deliveries) this long after their retry window. */
const KEEP_SECONDS = 30 * 24 * 3600;
/** Sort keys are `<ISO time>#…`: this bound sorts after every key of the same instant. */
const AFTER_ANY_KEY = '#\uffff';

const ttlAfter = (iso: string) => Math.floor(Date.parse(iso) / 1000) + KEEP_SECONDS;

const toEndpoint = (item: Record<string, unknown>): WebhookEndpoint => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  url: item.url as string,
  events: item.events as WebhookEventType[],
  description: (item.description as string | undefined) ?? null,
  active: item.active as boolean,
  secret: item.secret as SealedSecret,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

const toDelivery = (item: Record<string, unknown>): WebhookDelivery => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  endpointId: item.endpointId as string,
  eventId: item.eventId as string,
  eventType: item.eventType as WebhookEventType,
  body: item.body as string,
  status: item.status as DeliveryStatus,
  attempts: (item.attempts as DeliveryAttempt[] | undefined) ?? [],
  nextAttemptAt: (item.nextAttemptAt as string | undefined) ?? null,
  retryUntil: item.retryUntil as string,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

export class DynamoWebhookStore implements WebhookStore {
  constructor(private readonly table: DynamoTable) {}

  async putEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.webhookEndpoint(endpoint.workspaceId, endpoint.id),
          type: 'webhookEndpoint',
          ...endpoint,
        },
      }),
    );
  }

  async getEndpoint(workspaceId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.webhookEndpoint(workspaceId, endpointId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEndpoint(Item) : undefined;
  }

  async listEndpoints(workspaceId: string): Promise<WebhookEndpoint[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.webhookEndpointPrefix() },
    });
    return items.map(toEndpoint);
  }

  async deleteEndpoint(workspaceId: string, endpointId: string): Promise<boolean> {
    const { Attributes } = await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.webhookEndpoint(workspaceId, endpointId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async createDelivery(delivery: WebhookDelivery): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.webhookDelivery(delivery.workspaceId, delivery.id),
            ...keys.webhookDeliveryByTime(delivery.workspaceId, delivery.createdAt, delivery.id),
            ...(delivery.nextAttemptAt
              ? keys.webhookDeliveryDue(delivery.nextAttemptAt, delivery.workspaceId, delivery.id)
              : {}),
            type: 'webhookDelivery',
            ...delivery,
            [TTL_ATTRIBUTE]: ttlAfter(delivery.retryUntil),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async getDelivery(workspaceId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.webhookDelivery(workspaceId, deliveryId),
        ConsistentRead: true,
      }),
    );
    return Item ? toDelivery(Item) : undefined;
  }

  async listDeliveries(workspaceId: string, filter: DeliveryFilter) {
    const partition = keys.webhookDeliveriesOfWorkspace(workspaceId);
    const cursor: CursorBinding<Record<string, string>> = {
      list: 'webhook-deliveries',
      workspaceId,
      accepts: dynamoKeyOf(['pk', 'sk', 'gsi1pk', 'gsi1sk'], { pk: keys.ws(workspaceId), gsi1pk: partition }),
    };
    const start: Record<string, unknown> | undefined = decodeListCursor(cursor, filter.cursor);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition };
    const conditions: string[] = [];
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      conditions.push('#status = :status');
    }
    if (filter.endpointId) {
      values[':endpoint'] = filter.endpointId;
      conditions.push('endpointId = :endpoint');
    }
    const { items, lastKey } = await queryFilteredPage(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      conditions,
      limit: filter.limit,
      start,
    });
    return {
      items: items.map(toDelivery),
      nextCursor: encodeListCursor(cursor, lastKey as Record<string, string> | undefined),
    };
  }

  async due(now: string, limit: number) {
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.webhookDeliveriesDue(), ':now': `${now}${AFTER_ANY_KEY}` },
        ProjectionExpression: 'workspaceId, id, nextAttemptAt',
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({
      workspaceId: item.workspaceId as string,
      id: item.id as string,
      nextAttemptAt: (item.nextAttemptAt as string | undefined) ?? null,
    }));
  }

  async claim(workspaceId: string, deliveryId: string, seen: string, leaseUntil: string) {
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.webhookDelivery(workspaceId, deliveryId),
          // inFlightUntil marks the attempt as running until it is recorded (or its lease ends): replay waits.
          UpdateExpression: 'SET nextAttemptAt = :lease, inFlightUntil = :lease, gsi2sk = :leaseKey',
          ConditionExpression: '#status = :pending AND nextAttemptAt = :seen',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':lease': leaseUntil,
            ':leaseKey': keys.webhookDeliveryDue(leaseUntil, workspaceId, deliveryId).gsi2sk,
            ':pending': 'pending',
            ':seen': seen,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toDelivery(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async recordAttempt(
    delivery: Pick<WebhookDelivery, 'workspaceId' | 'id'>,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryStatus; nextAttemptAt: string | null; at: string },
  ): Promise<void> {
    const due = outcome.nextAttemptAt
      ? keys.webhookDeliveryDue(outcome.nextAttemptAt, delivery.workspaceId, delivery.id)
      : undefined;
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.webhookDelivery(delivery.workspaceId, delivery.id),
        UpdateExpression: due
          ? 'SET attempts = list_append(attempts, :attempt), #status = :status, updatedAt = :at, nextAttemptAt = :next, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE inFlightUntil'
          : 'SET attempts = list_append(attempts, :attempt), #status = :status, updatedAt = :at REMOVE nextAttemptAt, gsi2pk, gsi2sk, inFlightUntil',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':attempt': [attempt],
          ':status': outcome.status,
          ':at': outcome.at,
          ...(due ? { ':next': outcome.nextAttemptAt, ':gsi2pk': due.gsi2pk, ':gsi2sk': due.gsi2sk } : {}),
        },
      }),
    );
  }

  async reschedule(
    workspaceId: string,
    deliveryId: string,
    at: string,
    retryUntil: string,
  ): Promise<'rescheduled' | 'missing' | 'in_flight'> {
    const due = keys.webhookDeliveryDue(at, workspaceId, deliveryId);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.webhookDelivery(workspaceId, deliveryId),
          UpdateExpression:
            'SET #status = :pending, nextAttemptAt = :at, retryUntil = :until, updatedAt = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, #ttl = :ttl',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(inFlightUntil) OR inFlightUntil <= :at)',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':at': at,
            ':until': retryUntil,
            ':gsi2pk': due.gsi2pk,
            ':gsi2sk': due.gsi2sk,
            ':ttl': ttlAfter(retryUntil),
          },
        }),
      );
      return 'rescheduled';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.getDelivery(workspaceId, deliveryId)) ? 'in_flight' : 'missing';
    }
  }
}
