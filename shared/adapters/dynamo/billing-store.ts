import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { planOf } from '../../domain/plans/catalog';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import type {
  ApplyOutcome,
  BillingAccount,
  BillingEvent,
  BillingStore,
  EventClaim,
  EventRecord,
  SubscriptionUpdate,
} from '../../services/billing/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

/** Stripe retries for up to 3 days; the records stay long enough to answer every retry and for support. */
const EVENT_RETENTION_SECONDS = 90 * 24 * 3600;

/**
 * Billing state on the workspace item (`plan` plus flat `billing*` attributes: flat, because SET on a nested
 * path fails when the map does not exist yet) and one record per Stripe event.
 */
export class DynamoBillingStore implements BillingStore {
  constructor(private readonly table: DynamoTable) {}

  async getAccount(workspaceId: string): Promise<BillingAccount | undefined> {
    const item = await this.workspaceItem(workspaceId);
    if (!item) return undefined;
    return {
      workspaceId,
      name: item.name as string,
      plan: planOf(item.plan as string | undefined).id,
      timezone: (item.timezone as string | undefined) ?? DEFAULT_TIMEZONE,
      customerId: item.billingCustomerId as string | undefined,
      subscriptionId: item.billingSubscriptionId as string | undefined,
      subscriptionStatus: item.billingStatus as string | undefined,
    };
  }

  async saveCustomer(workspaceId: string, customerId: string): Promise<string> {
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.workspace(workspaceId),
        UpdateExpression: 'SET billingCustomerId = if_not_exists(billingCustomerId, :customer)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':customer': customerId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes?.billingCustomerId as string | undefined) ?? customerId;
  }

  /**
   * One conditional update moves the plan: it applies only if the workspace exists, if no state observed later
   * was applied already, and, for a subscription that no longer pays, only if it is the workspace's current one
   * (an old subscription ending must not cancel the plan a newer one pays for).
   */
  async applySubscription(workspaceId: string, update: SubscriptionUpdate): Promise<ApplyOutcome> {
    const conditions = [
      'attribute_exists(pk)',
      '(attribute_not_exists(billingObservedAt) OR billingObservedAt < :observedAt)',
    ];
    if (!update.grantsPlan)
      conditions.push(
        '(attribute_not_exists(billingSubscriptionId) OR billingSubscriptionId = :subscription)',
      );
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workspace(workspaceId),
          UpdateExpression: [
            'SET #plan = :plan',
            'billingSubscriptionId = :subscription',
            'billingCustomerId = if_not_exists(billingCustomerId, :customer)',
            'billingStatus = :status',
            'billingPriceId = :price',
            'billingPeriodEnd = :periodEnd',
            'billingObservedAt = :observedAt',
          ].join(', '),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#plan': 'plan' },
          ExpressionAttributeValues: {
            ':plan': update.plan,
            ':subscription': update.subscriptionId,
            ':customer': update.customerId,
            ':status': update.status,
            ':price': update.priceId ?? null,
            ':periodEnd': update.currentPeriodEnd ?? null,
            ':observedAt': update.observedAt,
          },
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const item = await this.workspaceItem(workspaceId);
    if (!item) return 'workspace_not_found';
    const observedAt = Number(item.billingObservedAt ?? 0);
    return observedAt >= update.observedAt ? 'stale' : 'not_current_subscription';
  }

  async claimEvent(event: BillingEvent, now: Date, leaseSeconds: number): Promise<EventClaim> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.stripeEvent(event.id),
          UpdateExpression:
            'SET #type = :recordType, eventId = :id, eventType = :eventType, created = :created, ' +
            'receivedAt = if_not_exists(receivedAt, :now), #status = :processing, leaseUntil = :lease, ' +
            '#ttl = :ttl ADD attempts :one',
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :failed OR (#status = :processing AND leaseUntil < :nowSeconds)',
          ExpressionAttributeNames: { '#type': 'type', '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':recordType': 'stripe-event',
            ':id': event.id,
            ':eventType': event.type,
            ':created': new Date(event.created * 1000).toISOString(),
            ':now': now.toISOString(),
            ':processing': 'processing',
            ':failed': 'failed',
            ':lease': nowSeconds + leaseSeconds,
            ':nowSeconds': nowSeconds,
            ':ttl': nowSeconds + EVENT_RETENTION_SECONDS,
            ':one': 1,
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const record = await this.getEvent(event.id);
    return record?.status === 'processed' ? 'already_processed' : 'in_progress';
  }

  async finishEvent(eventId: string, result: { outcome: string; workspaceId: string | undefined }) {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.stripeEvent(eventId),
        UpdateExpression:
          'SET #status = :processed, outcome = :outcome, workspaceId = :workspace REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':processed': 'processed',
          ':outcome': result.outcome,
          ':workspace': result.workspaceId ?? null,
        },
      }),
    );
  }

  async failEvent(eventId: string, reason: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.stripeEvent(eventId),
        UpdateExpression: 'SET #status = :failed, outcome = :reason REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':reason': `failed: ${reason}` },
      }),
    );
  }

  async getEvent(eventId: string): Promise<EventRecord | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.stripeEvent(eventId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      eventId: Item.eventId as string,
      eventType: Item.eventType as string,
      created: Item.created as string,
      status: Item.status as EventRecord['status'],
      outcome: (Item.outcome as string | null | undefined) ?? undefined,
      workspaceId: (Item.workspaceId as string | null | undefined) ?? undefined,
      attempts: Number(Item.attempts ?? 0),
    };
  }

  private async workspaceItem(workspaceId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workspace(workspaceId),
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}
