import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { WorkCounter } from '../../bench/counting';

/** A real DynamoDB client whose transport refuses every request: the middleware must count before it. */
function offlineClient() {
  return new DynamoDBClient({
    region: 'eu-west-3',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      handle: () => Promise.reject(new Error('offline')),
    },
  });
}

describe('Class: WorkCounter', () => {
  describe('Method: attach', () => {
    it('counts the commands a real SDK client sends, under the step running them', async () => {
      // Prepare
      const counter = new WorkCounter();
      const client = offlineClient();
      counter.attach(client);
      const item = { pk: { S: 'a' }, sk: { S: 'b' } };

      // Act
      await counter.inStep('send', async () => {
        await client.send(new PutItemCommand({ TableName: 't', Item: item })).catch(() => {});
        await client
          .send(
            new TransactWriteItemsCommand({
              TransactItems: [
                { Put: { TableName: 't', Item: item } },
                { Put: { TableName: 't', Item: item } },
              ],
            }),
          )
          .catch(() => {});
      });
      await client.send(new GetItemCommand({ TableName: 't', Key: item })).catch(() => {});

      // Assess
      const counts = counter.perMessage(1);
      expect(counts.byStep.send).toMatchObject({ dynamoWrites: 2, dynamoWriteUnits: 5, dynamoReads: 0 });
      expect(counts.byStep['outside steps']).toMatchObject({ dynamoReads: 1, dynamoWrites: 0 });
      expect(counts.total).toMatchObject({ dynamoReads: 1, dynamoWrites: 2, dynamoWriteUnits: 5 });
    });
  });

  describe('Method: record', () => {
    it('counts KMS calls and queue sends, and divides by the messages processed', () => {
      // Prepare
      const counter = new WorkCounter();

      // Act
      counter.record('KMSClient', 'DecryptCommand', {});
      counter.record('KMSClient', 'DecryptCommand', {});
      counter.record('SQSClient', 'SendMessageCommand', {});
      counter.record('SQSClient', 'ReceiveMessageCommand', {});

      // Assess
      expect(counter.perMessage(2).total).toMatchObject({ kmsCalls: 1, queueSends: 0.5 });
    });
  });
});
