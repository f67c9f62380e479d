import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stepOf } from '../../domain/scenarios/actions';
import type { Scenario, ScenarioAction } from '../../domain/scenarios/scenario';
import { ConflictError, NotFoundError } from '../../errors';
import type { ScenarioStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { queryAll } from './queries';

/**
 * Scenarios saved before match modes existed keep their behaviour under the defaults; before action lists, their
 * one `action` + `message` is a list of one (the item keeps `action` / `message` of the first step, written
 * below, so a function still on the previous version reads a new scenario as before while a deploy rolls).
 */
const toScenario = (item: Record<string, unknown>): Scenario => {
  const { pk: _pk, sk: _sk, type: _type, action, message, actions, ...scenario } = item;
  const steps = Array.isArray(actions)
    ? (actions as Scenario['actions']).map(stepOf)
    : [stepOf({ action: action as ScenarioAction, message: (message as string | null) ?? null })];
  return {
    match: 'word',
    keywordsRequired: 'any',
    payload: null,
    mediaIds: [],
    nextPost: null,
    liveComments: 'exclude',
    followUps: [],
    ...scenario,
    actions: steps,
  } as unknown as Scenario;
};

const itemOf = (scenario: Scenario) => ({
  ...keys.scenario(scenario.workspaceId, scenario.id),
  type: 'scenario',
  ...scenario,
  action: scenario.actions[0]!.action,
  message: scenario.actions[0]!.message,
});

export class DynamoScenarioStore implements ScenarioStore {
  constructor(private readonly table: DynamoTable) {}

  async create(scenario: Scenario): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: itemOf(scenario),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError('A scenario with this id exists.');
      throw error;
    }
  }

  async get(workspaceId: string, scenarioId: string): Promise<Scenario | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.scenario(workspaceId, scenarioId),
        ConsistentRead: true,
      }),
    );
    return Item ? toScenario(Item) : undefined;
  }

  async list(workspaceId: string): Promise<Scenario[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.scenarioPrefix() },
      ConsistentRead: true,
    });
    return items.map(toScenario);
  }

  async replace(scenario: Scenario): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: itemOf(scenario),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new NotFoundError('Scenario not found.');
      throw error;
    }
  }

  async remove(workspaceId: string, scenarioId: string): Promise<boolean> {
    const { Attributes } = await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
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
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
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
