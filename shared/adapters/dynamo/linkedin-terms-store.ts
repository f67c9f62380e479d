import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkedInTermsAcknowledgement } from '../../domain/linkedin/terms';
import type { LinkedInTermsStore } from '../../services/linkedin/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

/** One item per workspace, put only if absent: the first acknowledgement is the one kept. */
export class DynamoLinkedInTermsStore implements LinkedInTermsStore {
  constructor(private readonly table: DynamoTable) {}

  async get(workspaceId: string): Promise<LinkedInTermsAcknowledgement | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
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
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
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
