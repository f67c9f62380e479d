import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OAuthNonceStore } from '../../services/social/oauth-state';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { TTL_ATTRIBUTE } from './table';

/** A conditional put per nonce: the first callback wins, a replay of the same state finds the item. */
export class DynamoOAuthNonceStore implements OAuthNonceStore {
  constructor(private readonly table: DynamoTable) {}

  async consume(workspaceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.oauthNonce(workspaceId, nonce),
            type: 'oauthNonce',
            [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000),
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
}
