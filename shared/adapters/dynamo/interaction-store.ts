import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isThreadKind } from '../../domain/conversations/conversation';
import type { DecisionAction } from '../../domain/decisions/decide';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { DedupeState, DoneMarker, InteractionStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { TTL_ATTRIBUTE } from './table';

const interactionKey = (message: IncomingMessage, leadId: string) =>
  keys.interaction(message.workspaceId, leadId, message.occurredAt, message.dedupeKey);

/**
 * Interactions and their dedupe markers carry the workspace's retention as their TTL (stamped at write: DynamoDB
 * deletes them in AWS; readers leave out what is past the cutoff, see domain/retention).
 */
export class DynamoInteractionStore implements InteractionStore {
  constructor(
    private readonly table: DynamoTable,
    private readonly retention: { expiresAt(workspaceId: string, occurredAt: string): Promise<number> },
  ) {}

  async dedupeState(workspaceId: string, dedupeKey: string): Promise<DedupeState | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.interactionDedupe(workspaceId, dedupeKey),
        ConsistentRead: true,
      }),
    );
    return Item?.state as DedupeState | undefined;
  }

  /**
   * The marker is written once, when the message is done (it used to be claimed 'logged' first as well): the
   * interaction put below is the first-delivery test, so a second write of the marker was redundant. It is
   * written in the same UpdateItem as the execution's trace, on this item (`DynamoTraceStore.record` with this
   * `done`), by the step that ends the workflow: Complete, or LogInteraction for an echo. That write sets the
   * state unconditionally, so a marker claimed by an older deployment ('logged') moves to 'done' the same way,
   * and a marker written alone by the previous layout (`type`, `state`, `doneAt`, `ttl`) reads the same. It
   * carries no lead id: a replayed Complete after the lead was erased puts nothing personal back but the trace's
   * redacted summary, as the separate trace item did before.
   */
  async doneMarker(message: IncomingMessage, now: string): Promise<DoneMarker> {
    return { at: now, expiresAt: await this.retention.expiresAt(message.workspaceId, message.occurredAt) };
  }

  async putInteraction(message: IncomingMessage, leadId: string, receivedAt: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...interactionKey(message, leadId),
            // The conversation thread's entry (a read receipt is not a message of the thread).
            ...(isThreadKind(message.kind)
              ? keys.threadEntry(message.workspaceId, leadId, message.occurredAt, message.dedupeKey)
              : {}),
            type: 'interaction',
            id: message.dedupeKey,
            leadId,
            workspaceId: message.workspaceId,
            accountId: message.accountId,
            platform: message.platform,
            kind: message.kind,
            // The page's own message (an echo from the owner's app) is the business speaking.
            direction: message.echo ? 'outbound' : 'inbound',
            platformMessageId: message.platformMessageId,
            conversationId: message.conversationId,
            mediaId: message.mediaId,
            parentId: message.parentId,
            story: message.story,
            author: message.author,
            text: message.text,
            occurredAt: message.occurredAt,
            source: message.source,
            correlationId: message.correlationId,
            receivedAt,
            [TTL_ATTRIBUTE]: await this.retention.expiresAt(message.workspaceId, message.occurredAt),
            decision: null,
            reason: null,
            sendStatus: null,
          },
          // A replay must not reset the outcome a previous delivery recorded; the condition is also what tells
          // the first delivery apart (the dedupe claim it replaces was one more write per message).
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return false;
    }
  }

  async recordOutcome(
    message: IncomingMessage,
    leadId: string,
    outcome: { decision: DecisionAction; reason: string; sendStatus: string | null },
    at: string,
  ): Promise<boolean> {
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: interactionKey(message, leadId),
        UpdateExpression:
          'SET decision = :decision, reason = :reason, sendStatus = :sendStatus, outcomeAt = if_not_exists(outcomeAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':decision': outcome.decision,
          ':reason': outcome.reason,
          ':sendStatus': outcome.sendStatus,
          ':at': at,
        },
        // The old `outcomeAt` comes back only when an earlier pass already recorded this outcome.
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return Attributes?.outcomeAt === undefined;
  }
}
