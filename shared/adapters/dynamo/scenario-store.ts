import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Scenario } from '../../domain/scenarios/scenario';
import { ConflictError, NotFoundError } from '../../errors';
import type { ScenarioStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import { keys } from './keys';
import { queryAll } from './queries';

const toScenario = (item: Record<string, unknown>): Scenario => {
  const { pk: _pk, sk: _sk, type: _type, ...scenario } = item;
  // Scenarios saved before match modes existed keep their behaviour under the defaults.
  return { match: 'word', keywordsRequired: 'any', ...scenario } as unknown as Scenario;
};

export class DynamoScenarioStore implements ScenarioStore {
  constructor(private readonly table: DynamoTable) {}

  async create(scenario: Scenario): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
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
    const { Attributes } = await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.scenario(workspaceId, scenarioId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}
