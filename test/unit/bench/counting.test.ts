import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../../infra/local/dynamo';
import { GLOBAL_INDEXES } from '../../../shared/adapters/dynamo/table';
import { indexWriteUnits, stepTable, WorkCounter, withIndexUnits } from '../../bench/counting';
import { tableAt } from '../../support/dynamo-table';

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

  describe('Method: countIndexWrites', () => {
    // The table on dynalite, with the stage's three indexes; the counted client and the reader are two clients.
    const TableName = 'index-units-test';
    let dynalite: LocalDynamo | undefined;
    beforeAll(async () => {
      dynalite = await startDynalite(undefined);
      await ensureTable(dynalite.endpoint, TableName);
    }, 60_000);
    afterAll(async () => {
      await dynalite?.stop();
    });

    it('adds the index writes each write makes, from images read around it without counting or changing a request', async () => {
      // Prepare: a counted document client on dynalite, and an uncounted one reading the images.
      const counter = new WorkCounter();
      const raw = tableAt(dynalite!.endpoint, TableName).client;
      const sent: Array<Record<string, unknown>> = [];
      // What the application sends, before the counter's middleware (added after) sees it.
      (raw.middlewareStack as unknown as { add(mw: unknown, options: object): void }).add(
        (next: (args: { input: object }) => Promise<unknown>) => async (args: { input: object }) => {
          sent.push(args.input as Record<string, unknown>);
          return next(args);
        },
        { step: 'initialize', name: 'testSeenRequests' },
      );
      counter.attach(raw);
      const reader = tableAt(dynalite!.endpoint, TableName).client;
      const Key = { pk: 'WS#1', sk: 'LEAD#1' };
      counter.countIndexWrites({
        indexes: GLOBAL_INDEXES,
        read: async (key) =>
          (
            await reader.send(
              new GetItemCommand({
                TableName,
                Key: { pk: { S: key.pk }, sk: { S: key.sk } },
                ConsistentRead: true,
              }),
            )
          ).Item,
        sizeOf: (item) => JSON.stringify(item).length,
      });
      const status = (value: string) =>
        new UpdateCommand({
          TableName,
          Key,
          UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
          ExpressionAttributeValues: { ':pk': `WS#1#STATUS#${value}`, ':sk': 't' },
        });

      // Act: a new lead in gsi1 and gsi2; its status moves gsi2 (and rewrites gsi1's entry: ALL projects the
      // changed attributes); the same status again changes nothing; its gsi1 key is removed (gsi2's entry is
      // rewritten); it is deleted.
      await counter.inStep('LogInteraction', () =>
        raw.send(
          new PutCommand({
            TableName,
            Item: { ...Key, gsi1pk: 'WS#1#LEADS', gsi1sk: 't', gsi2pk: 'WS#1#STATUS#new', gsi2sk: 't' },
          }),
        ),
      );
      await counter.inStep('UpdateLead', async () => {
        await raw.send(status('contacted'));
        await raw.send(status('contacted'));
        await raw.send(new UpdateCommand({ TableName, Key, UpdateExpression: 'REMOVE gsi1pk' }));
      });
      await counter.inStep('Erase', () => raw.send(new DeleteCommand({ TableName, Key })));
      counter.countIndexWrites(undefined);
      reader.destroy();
      raw.destroy();

      // Assess: each entry is under 1 KB, so 1 unit an index write; the reads were not counted, and the
      // application's five requests went out as sent, with no ReturnValues added.
      const counts = counter.perMessage(1);
      expect(counts.byStep.LogInteraction).toMatchObject({ dynamoIndexWriteUnits: 2, dynamoReads: 0 });
      expect(counts.byStep.UpdateLead).toMatchObject({
        dynamoIndexWriteUnits: 2 + 1 + 0 + 1 + 1,
        dynamoReads: 0,
      });
      expect(counts.byStep.Erase).toMatchObject({ dynamoIndexWriteUnits: 1, dynamoReads: 0 });
      expect(counts.indexUnitsByTarget).toEqual({
        'PutItemCommand WS/LEAD gsi1 put': 1,
        'PutItemCommand WS/LEAD gsi2 put': 1,
        'UpdateItemCommand WS/LEAD gsi2 move': 2,
        'UpdateItemCommand WS/LEAD gsi1 update': 1,
        'UpdateItemCommand WS/LEAD gsi1 delete': 1,
        'UpdateItemCommand WS/LEAD gsi2 update': 1,
        'DeleteItemCommand WS/LEAD gsi2 delete': 1,
      });
      expect(sent.map((input) => input.ReturnValues)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
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

describe('Function: indexWriteUnits', () => {
  const indexes = [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }];
  /** An item whose size is its `bytes` attribute, in gsi1 under `key` unless undefined. */
  const item = (bytes: number, key?: string, extra: Record<string, AttributeValue> = {}) => ({
    pk: { S: 'WS#1' },
    sk: { S: 'LEAD#1' },
    bytes: { N: String(bytes) },
    ...(key === undefined ? {} : { gsi1pk: { S: key }, gsi1sk: { S: 't' } }),
    ...extra,
  });
  const sizeOf = (stored: Record<string, AttributeValue>) => Number(stored.bytes?.N);

  it('puts a new item that defines the index key into the index: one write, sized by the item', () => {
    // Act
    const units = indexWriteUnits(undefined, item(1536, 'A'), indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 2 });
  });

  it('puts an item an update gives a previously undefined index key: one write, sized by the new item', () => {
    // Act
    const units = indexWriteUnits(item(3000), item(900, 'A'), indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 1 });
  });

  it('moves an item whose index key changes: two writes, the delete sized by the old item, the put by the new', () => {
    // Act
    const units = indexWriteUnits(item(900, 'A'), item(2100, 'B'), indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 1 + 3 });
  });

  it('deletes the entry of an item whose index key an update removes: one write, sized by the old item', () => {
    // Act
    const units = indexWriteUnits(item(2048, 'A'), item(100), indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 2 });
  });

  it('deletes the entry of a deleted item: one write per index it was in, sized by the old item', () => {
    // Prepare
    const both = [...indexes, { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' }];
    const stored = item(1025, 'A', { gsi2pk: { S: 'S' }, gsi2sk: { S: 't' } });
    // Act
    const units = indexWriteUnits(stored, undefined, both, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 2, gsi2: 2 });
  });

  it('writes nothing to an index the item is in neither before nor after (a sort key alone is no entry)', () => {
    // Act
    const units = indexWriteUnits(item(500), item(600, undefined, { gsi1sk: { S: 't' } }), indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 0 });
  });

  it('rewrites the entry when only projected attributes change (ALL: any attribute): one write, sized by the new item', () => {
    // Act
    const units = indexWriteUnits(
      item(900, 'A', { status: { S: 'new' } }),
      item(1100, 'A', { status: { S: 'contacted' } }),
      indexes,
      sizeOf,
    );
    // Assess
    expect(units).toEqual({ gsi1: 2 });
  });

  it('writes nothing when the write leaves the item as it was, whatever the order of its attributes and sets', () => {
    // Prepare
    const before = item(900, 'A', { tags: { SS: ['a', 'b'] } });
    const after = Object.fromEntries(Object.entries({ ...before, tags: { SS: ['b', 'a'] } }).reverse());
    // Act
    const units = indexWriteUnits(before, after, indexes, sizeOf);
    // Assess
    expect(units).toEqual({ gsi1: 0 });
  });
});

describe('Function: withIndexUnits', () => {
  it("takes each step's index units and the index targets from the accounting pass, the rest from the timed run", async () => {
    // Prepare
    const timed = new WorkCounter();
    await timed.inStep('Send', async () => timed.record('DynamoDBClient', 'PutItemCommand', { Item: {} }));
    const pass = new WorkCounter();
    await pass.inStep('Send', async () => pass.record('KMSClient', 'DecryptCommand', {}));
    const passCounts = pass.perMessage(1);
    passCounts.byStep.Send!.dynamoIndexWriteUnits = 4;
    passCounts.total.dynamoIndexWriteUnits = 4;
    passCounts.indexUnitsByTarget = { 'PutItemCommand WS/SEND gsi1 put': 4 };

    // Act
    const work = withIndexUnits(timed.perMessage(1), passCounts);

    // Assess
    expect(work.byStep.Send).toMatchObject({ dynamoWrites: 1, kmsCalls: 0, dynamoIndexWriteUnits: 4 });
    expect(work.total).toMatchObject({ dynamoWrites: 1, dynamoIndexWriteUnits: 4 });
    expect(work.indexUnitsByTarget).toEqual({ 'PutItemCommand WS/SEND gsi1 put': 4 });
  });
});
