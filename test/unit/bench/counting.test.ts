import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

  describe('Method: attach (units the table reports)', () => {
    it('asks for ConsumedCapacity on each write, counts the units the table reports, and hides what the code did not ask for', async () => {
      // Prepare: a DynamoDB endpoint answering every write as a table would for a 3 KB item.
      const bodies: Array<Record<string, unknown>> = [];
      const server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          bodies.push(JSON.parse(body));
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ ConsumedCapacity: { TableName: 't', CapacityUnits: 3 } }));
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const raw = new DynamoDBClient({
        region: 'eu-west-3',
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      const client = DynamoDBDocumentClient.from(raw);
      const counter = new WorkCounter();
      counter.attach(raw);

      // Act
      const output = await counter.inStep('UpdateLead', () =>
        client.send(
          new UpdateCommand({
            TableName: 't',
            Key: { pk: 'WS#1', sk: 'LEAD#1' },
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': 'contacted' },
          }),
        ),
      );
      const asked = await client.send(
        new PutCommand({ TableName: 't', Item: { pk: 'WS#1', sk: 'X#1' }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      raw.destroy();
      server.close();

      // Assess: the estimate (key plus values: 1) is replaced by the table's 3 units.
      expect(bodies.map((body) => body.ReturnConsumedCapacity)).toEqual(['TOTAL', 'TOTAL']);
      const counts = counter.perMessage(1);
      expect(counts.byStep.UpdateLead).toMatchObject({ dynamoWrites: 1, dynamoWriteUnits: 3 });
      expect(counts.total).toMatchObject({ dynamoWrites: 2, dynamoWriteUnits: 6 });
      expect(counts.writeUnitsByTarget).toEqual({ 'UpdateItemCommand WS/LEAD': 3, 'PutItemCommand WS/X': 3 });
      expect(output.ConsumedCapacity).toBeUndefined();
      expect(asked.ConsumedCapacity).toEqual({ TableName: 't', CapacityUnits: 3 });
    });
  });

  describe('Method: addIndexWrites', () => {
    it('adds each index an item is in, sized by the stored item, to the steps that wrote it', async () => {
      // Prepare: a lead written twice (LogInteraction, UpdateLead), in two indexes, 1.5 KB stored; a queue item in none.
      const counter = new WorkCounter();
      const lead = { pk: 'WS#1', sk: 'LEAD#1' };
      const write = (key: object) =>
        counter.record('DynamoDBClient', 'UpdateCommand', { Key: key, ExpressionAttributeValues: {} });
      await counter.inStep('LogInteraction', async () => write(lead));
      await counter.inStep('UpdateLead', async () => write(lead));
      await counter.inStep('LogInteraction', async () => write({ pk: 'LOCALQ#a', sk: 'MSG#1' }));
      const stored = [
        { ...lead, attributes: ['pk', 'sk', 'gsi1pk', 'gsi2pk', 'note'], bytes: 1536 },
        { pk: 'LOCALQ#a', sk: 'MSG#1', attributes: ['pk', 'sk'], bytes: 40 },
      ];

      // Act
      await counter.addIndexWrites(['gsi1pk', 'gsi2pk', 'gsi3pk'], async (keys) =>
        stored.filter((item) => keys.some((key) => key.pk === item.pk && key.sk === item.sk)),
      );

      // Assess: 2 indexes × 2 units, once per write.
      const counts = counter.perMessage(1);
      expect(counts.byStep.LogInteraction?.dynamoIndexWriteUnits).toBe(4);
      expect(counts.byStep.UpdateLead?.dynamoIndexWriteUnits).toBe(4);
      expect(counts.total.dynamoIndexWriteUnits).toBe(8);
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
      'GSI-WCU',
      'KMS',
      'queue',
      'provider',
      'OpenAI',
    ]);
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['step', 'Send', 'outside', 'total']);
    expect(lines.at(-1)!.split(/\s+/)).toEqual(['total', '0', '0', '0', '0', '0', '1', '1', '0', '0']);
  });
});
