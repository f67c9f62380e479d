import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkedInTermsAcknowledgement } from '../../domain/linkedin/terms';
import type { LinkedInTermsStore } from '../../services/linkedin/ports';
import { dynamo, isConditionalCheckFailed, tableName } from './client';
import { keys } from './keys';

/** One item per workspace, put only if absent: the first acknowledgement is the one kept. */
export class DynamoLinkedInTermsStore implements LinkedInTermsStore {
  async get(workspaceId: string): Promise<LinkedInTermsAcknowledgement | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.linkedinTermsAck(workspaceId),
        ConsistentRead: true,
      }),
    );
    return Item ? { acknowledgedBy: Item.acknowledgedBy, acknowledgedAt: Item.acknowledgedAt } : undefined;
  }

  async acknowledge(
    workspaceId: string,
    acknowledgement: LinkedInTermsAcknowledgement,
  ): Promise<LinkedInTermsAcknowledgement> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.linkedinTermsAck(workspaceId), type: 'linkedinTerms', ...acknowledgement },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return acknowledgement;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.get(workspaceId)) ?? acknowledgement;
    }
  }
}
