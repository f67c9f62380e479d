import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { stepTable, WorkCounter } from '../../bench/counting';

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
    it('prices reads in read units: half for eventually consistent, one for strongly consistent, two per transaction item', () => {
      // Prepare
      const counter = new WorkCounter();
      const key = { pk: 'WS#1', sk: 'LEAD#1' };
      // Act
      counter.record('DynamoDBClient', 'GetCommand', { Key: key });
      counter.record('DynamoDBClient', 'QueryCommand', { ConsistentRead: true });
      counter.record('DynamoDBClient', 'TransactGetCommand', {
        TransactItems: [{ Get: { Key: key } }, { Get: { Key: key } }],
      });
      counter.record('DynamoDBClient', 'BatchGetCommand', { RequestItems: { t: { Keys: [key, key, key] } } });
      // Assess
      expect(counter.perMessage(1).total).toMatchObject({
        dynamoReads: 4,
        dynamoReadUnits: 0.5 + 1 + 4 + 1.5,
      });
    });

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

  describe('Method: recordRequest', () => {
    it('files provider and OpenAI requests under the step the stepOf callback names, ignoring our own API', () => {
      // Prepare
      let step: string | undefined = 'Send';
      const counter = new WorkCounter({ stepOf: () => step });
      const origins = { openAi: ['http://127.0.0.1:7001'], ignored: ['http://127.0.0.1:3000'] };

      // Act
      counter.recordRequest('http://127.0.0.1:7002/v21.0/me/messages', origins);
      counter.recordRequest('http://127.0.0.1:7001/v1/chat/completions', origins);
      counter.recordRequest('http://127.0.0.1:3000/leads', origins);
      step = undefined;
      counter.recordRequest('http://127.0.0.1:7002/v21.0/me', origins);

      // Assess
      const counts = counter.perMessage(1);
      expect(counts.byStep.Send).toMatchObject({ providerCalls: 1, openAiCalls: 1 });
      expect(counts.byStep['outside steps']).toMatchObject({ providerCalls: 1, openAiCalls: 0 });
      expect(counts.total).toMatchObject({ providerCalls: 2, openAiCalls: 1 });
    });
  });

  describe('Method: attachMethod', () => {
    it('counts each call of a stand-in method as the command it replaces, and undoes the wrap', async () => {
      // Prepare
      const counter = new WorkCounter();
      const keys = {
        calls: 0,
        async unwrap() {
          this.calls += 1;
          return 'key';
        },
      };
      const undo = counter.attachMethod(keys, 'unwrap', 'KMSClient', 'Decrypt');

      // Act
      const value = await keys.unwrap();
      undo();
      await keys.unwrap();

      // Assess
      expect(value).toBe('key');
      expect(keys.calls).toBe(2);
      expect(counter.perMessage(1).total.kmsCalls).toBe(1);
    });
  });

  describe('Method: reset', () => {
    it('forgets what was counted before the measured run', () => {
      // Prepare
      const counter = new WorkCounter();
      counter.record('KMSClient', 'DecryptCommand', {});

      // Act
      counter.reset();
      counter.record('SQSClient', 'SendMessageCommand', {});

      // Assess
      expect(counter.perMessage(1).total).toMatchObject({ kmsCalls: 0, queueSends: 1 });
    });
  });
});

describe('Function: stepTable', () => {
  it('prints one row per step and the total, with every counted column', async () => {
    // Prepare
    const counter = new WorkCounter();
    await counter.inStep('Send', async () => counter.record('KMSClient', 'DecryptCommand', {}));
    counter.record('SQSClient', 'SendMessageCommand', {});

    // Act
    const lines = stepTable(counter.perMessage(1)).split('\n');

    // Assess
    expect(lines[0]!.split(/\s+/)).toEqual([
      'step',
      'reads',
      'RRU',
      'writes',
      'WCU',
      'KMS',
      'queue',
      'provider',
      'OpenAI',
    ]);
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['step', 'Send', 'outside', 'total']);
    expect(lines.at(-1)!.split(/\s+/)).toEqual(['total', '0', '0', '0', '0', '1', '1', '0', '0']);
  });
});
