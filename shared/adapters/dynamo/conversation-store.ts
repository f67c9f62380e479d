import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationState } from '../../domain/conversations/automation';
import type { ConversationStateStore } from '../../services/conversations/ports';
import { dynamo, tableName } from './client';
import { keys } from './keys';

export class DynamoConversationStore implements ConversationStateStore {
  async get(workspaceId: string, leadId: string): Promise<ConversationState | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.conversation(workspaceId, leadId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      botPaused: Item.botPaused === true,
      pausedReason: (Item.pausedReason as ConversationState['pausedReason']) ?? null,
      optedOut: Item.optedOut === true,
    };
  }

  async put(workspaceId: string, leadId: string, state: ConversationState, now: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.conversation(workspaceId, leadId),
        UpdateExpression:
          'SET #type = :type, leadId = :leadId, botPaused = :paused, pausedReason = :reason, optedOut = :out, updatedAt = :now',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'conversation',
          ':leadId': leadId,
          ':paused': state.botPaused,
          ':reason': state.pausedReason,
          ':out': state.optedOut,
          ':now': now,
        },
      }),
    );
  }
}
