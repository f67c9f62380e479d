import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RefreshFamily, RefreshRotation, UserRecord, UserStore } from '../../services/auth/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const toUser = (item: Record<string, unknown>): UserRecord => ({
  id: item.id as string,
  email: item.email as string,
  name: (item.name as string | null) ?? null,
  passwordHash: item.passwordHash as string,
  createdAt: item.createdAt as string,
  emailVerified: item.emailVerified === true,
  emailVerifiedAt: (item.emailVerifiedAt as string | undefined) ?? null,
});

export class DynamoUserStore implements UserStore {
  constructor(private readonly table: DynamoTable) {}

  async createUser(user: UserRecord): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.user(user.email), ...keys.userById(user.id), type: 'user', ...user },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.user(email), ConsistentRead: true }),
    );
    return Item ? toUser(Item) : undefined;
  }

  async getUser(userId: string): Promise<UserRecord | undefined> {
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.userById(userId).gsi1pk },
        Limit: 1,
      }),
    );
    return Items?.[0] ? toUser(Items[0]) : undefined;
  }

  async putRefreshFamily(family: Omit<RefreshFamily, 'lastRotation' | 'retiredTokenHashes'>): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.refreshFamily(family.familyId),
          type: 'refreshFamily',
          ...family,
          ttl: family.expiresAt,
        },
      }),
    );
  }

  async getRefreshFamily(familyId: string): Promise<RefreshFamily | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.refreshFamily(familyId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      familyId: Item.familyId,
      userId: Item.userId,
      email: Item.email,
      currentTokenHash: Item.currentTokenHash,
      revoked: Item.revoked === true,
      expiresAt: Item.expiresAt,
      ...(Item.lastRotation ? { lastRotation: Item.lastRotation as RefreshRotation } : {}),
      retiredTokenHashes: Array.isArray(Item.retiredTokenHashes) ? (Item.retiredTokenHashes as string[]) : [],
    };
  }

  async rotateRefreshFamily(
    familyId: string,
    rotation: RefreshRotation & { nextHash: string; expiresAt: number; retiredTokenHashes: string[] },
  ): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.refreshFamily(familyId),
          UpdateExpression:
            'SET currentTokenHash = :next, expiresAt = :exp, #ttl = :exp, lastRotation = :rotation, retiredTokenHashes = :retired',
          ConditionExpression: 'currentTokenHash = :expected AND revoked = :false',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':next': rotation.nextHash,
            ':expected': rotation.previousTokenHash,
            ':exp': rotation.expiresAt,
            ':rotation': {
              previousTokenHash: rotation.previousTokenHash,
              rotatedAt: rotation.rotatedAt,
              successor: rotation.successor,
            },
            ':retired': rotation.retiredTokenHashes,
            ':false': false,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async revokeRefreshFamily(familyId: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.refreshFamily(familyId),
          UpdateExpression: 'SET revoked = :true',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':true': true },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  async setVerificationNonce(user: { id: string; email: string }, nonce: string): Promise<boolean> {
    return conditional(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.user(user.email),
        UpdateExpression: 'SET verificationNonce = :nonce',
        // Accounts created before verification existed have no emailVerified attribute: unverified too.
        ConditionExpression: '#id = :id AND (attribute_not_exists(emailVerified) OR emailVerified = :false)',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':nonce': nonce, ':id': user.id, ':false': false },
      }),
    );
  }

  async markEmailVerified(user: { id: string; email: string }, nonce: string, at: string): Promise<boolean> {
    return conditional(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.user(user.email),
        UpdateExpression: 'SET emailVerified = :true, emailVerifiedAt = :at REMOVE verificationNonce',
        ConditionExpression: '#id = :id AND verificationNonce = :nonce',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':true': true, ':at': at, ':id': user.id, ':nonce': nonce },
      }),
    );
  }
}

/** Runs a conditional update: false when its condition refused it. */
async function conditional(table: DynamoTable, command: UpdateCommand): Promise<boolean> {
  try {
    await table.client.send(command);
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
