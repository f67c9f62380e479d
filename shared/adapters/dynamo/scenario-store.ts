import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Scenario } from '../../domain/scenarios/scenario';
import { ConflictError, NotFoundError } from '../../errors';
import type { ScenarioStore } from '../../services/engine/ports';
import { dynamo, isConditionalCheckFailed, tableName } from './client';
import { keys } from './keys';
import { queryAll } from './queries';

const toScenario = (item: Record<string, unknown>): Scenario => {
  const { pk: _pk, sk: _sk, type: _type, ...scenario } = item;
  // Scenarios saved before match modes and post scopes existed keep their behaviour under the defaults.
  return {
    match: 'word',
    keywordsRequired: 'any',
    mediaIds: [],
    nextPost: null,
    liveComments: 'exclude',
    ...scenario,
  } as unknown as Scenario;
};

export class DynamoScenarioStore implements ScenarioStore {
  async create(scenario: Scenario): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.scenario(scenario.workspaceId, scenario.id), type: 'scenario', ...scenario },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError('A scenario with this id exists.');
      throw error;
    }
  }

  async get(workspaceId: string, scenarioId: string): Promise<Scenario | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.scenario(workspaceId, scenarioId),
        ConsistentRead: true,
      }),
    );
    return Item ? toScenario(Item) : undefined;
  }

  async list(workspaceId: string): Promise<Scenario[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.scenarioPrefix() },
      ConsistentRead: true,
    });
    return items.map(toScenario);
  }

  async replace(scenario: Scenario): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.scenario(scenario.workspaceId, scenario.id), type: 'scenario', ...scenario },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new NotFoundError('Scenario not found.');
      throw error;
    }
  }

  async remove(workspaceId: string, scenarioId: string): Promise<boolean> {
    const { Attributes } = await dynamo().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.scenario(workspaceId, scenarioId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async resolveNextPost(
    workspaceId: string,
    scenarioId: string,
    after: string,
    mediaId: string,
  ): Promise<boolean> {
    try {
      // Two comments racing compute the same first post, so the second write changes nothing; the condition on
      // `after` keeps a scenario re-armed meanwhile (a later "next post") from taking an older answer.
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.scenario(workspaceId, scenarioId),
          UpdateExpression: 'SET #next.#media = :media',
          ConditionExpression: 'attribute_exists(pk) AND #next.#after = :after',
          ExpressionAttributeNames: { '#next': 'nextPost', '#media': 'mediaId', '#after': 'after' },
          ExpressionAttributeValues: { ':media': mediaId, ':after': after },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
