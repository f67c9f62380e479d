import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../domain/messages/platforms';
import type { AccountClaim, AccountClaimStore } from '../../services/social/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const toClaim = (item: Record<string, unknown>): AccountClaim => ({
  platform: item.platform as Platform,
  externalId: item.externalId as string,
  workspaceId: item.workspaceId as string,
  accountId: item.accountId as string,
  claimId: item.claimId as string,
  claimedAt: item.claimedAt as string,
});

const itemOf = (claim: AccountClaim) => ({
  ...keys.externalAccountClaim(claim.platform, claim.externalId),
  type: 'accountClaim',
  ...claim,
});

/** Claims of external accounts: conditional puts and deletes on one item per (platform, external id). */
export class DynamoAccountClaimStore implements AccountClaimStore {
  constructor(private readonly table: DynamoTable) {}

  async claim(
    claim: AccountClaim,
  ): Promise<{ claimed: true; previous: AccountClaim | undefined } | { claimed: false }> {
    try {
      const { Attributes } = await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: itemOf(claim),
          ConditionExpression: 'attribute_not_exists(pk) OR workspaceId = :workspaceId',
          ExpressionAttributeValues: { ':workspaceId': claim.workspaceId },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { claimed: true, previous: Attributes ? toClaim(Attributes) : undefined };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { claimed: false };
      throw error;
    }
  }

  async get(platform: Platform, externalId: string): Promise<AccountClaim | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.externalAccountClaim(platform, externalId),
        ConsistentRead: true,
      }),
    );
    return Item ? toClaim(Item) : undefined;
  }

  async replace(claim: AccountClaim, expectedClaimId: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: itemOf(claim),
          ConditionExpression: 'claimId = :expected',
          ExpressionAttributeValues: { ':expected': expectedClaimId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async release(
    platform: Platform,
    externalId: string,
    match: { workspaceId: string; accountId: string } | { claimId: string },
  ): Promise<boolean> {
    const condition =
      'claimId' in match
        ? {
            ConditionExpression: 'claimId = :claimId',
            ExpressionAttributeValues: { ':claimId': match.claimId },
          }
        : {
            ConditionExpression: 'workspaceId = :workspaceId AND accountId = :accountId',
            ExpressionAttributeValues: { ':workspaceId': match.workspaceId, ':accountId': match.accountId },
          };
    try {
      await this.table.client.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.externalAccountClaim(platform, externalId),
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
