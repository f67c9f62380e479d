import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts the work done per message by the real SDK clients: a smithy middleware (added to each client's
 * middlewareStack) records every command under the workflow step that is running (AsyncLocalStorage), so the
 * bench reports DynamoDB reads, writes and write units, KMS calls and queue sends by step, measured, not guessed.
 */
// Low-level names and lib-dynamodb's document-client names (the context names whichever command was sent).
const DYNAMO_WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
]);
const DYNAMO_READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'GetCommand']);
const DYNAMO_TRANSACT_WRITES = new Set(['TransactWriteItemsCommand', 'TransactWriteCommand']);
const DYNAMO_BATCH_WRITES = new Set(['BatchWriteItemCommand', 'BatchWriteCommand']);
const DYNAMO_MULTI_READS = new Set([
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'BatchGetCommand',
  'TransactGetCommand',
]);

export interface StepCounts {
  dynamoReads: number;
  dynamoWrites: number;
  /** On-demand write request units: 1 per item written (per 1 KB, rounded up), 2 per item in a transaction. */
  dynamoWriteUnits: number;
  kmsCalls: number;
  queueSends: number;
  other: Record<string, number>;
}

const empty = (): StepCounts => ({
  dynamoReads: 0,
  dynamoWrites: 0,
  dynamoWriteUnits: 0,
  kmsCalls: 0,
  queueSends: 0,
  other: {},
});

/** Item size in KB rounded up, from the marshalled attribute values' JSON (close to DynamoDB's own sizing). */
const writeUnitsOf = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item ?? {}).length / 1024));

/** The entity a DynamoDB command touches: its keys' first segments (WS/LEAD…), to find who writes. */
function entityOf(input: Record<string, unknown>): string {
  const target = (input.Item ?? input.Key) as { pk?: unknown; sk?: unknown } | undefined;
  const first = (value: unknown) =>
    (typeof value === 'string' ? value : ((value as { S?: string } | undefined)?.S ?? '')).split('#')[0] ||
    '-';
  return target ? `${first(target.pk)}/${first(target.sk)}` : '-';
}

export class WorkCounter {
  readonly steps = new Map<string, StepCounts>();
  /** DynamoDB commands by name and entity ("UpdateCommand LEAD"), across steps. */
  readonly dynamoByTarget = new Map<string, number>();
  readonly #step = new AsyncLocalStorage<string>();

  /** Runs `work` with every command it sends counted under `step`. */
  inStep<T>(step: string, work: () => Promise<T>): Promise<T> {
    return this.#step.run(step, work);
  }

  /** Records one command (clientName as smithy names it, e.g. DynamoDBClient; the command's input). */
  record(clientName: string, commandName: string, input: Record<string, unknown>): void {
    const step = this.#step.getStore() ?? 'outside steps';
    const counts = this.steps.get(step) ?? empty();
    this.steps.set(step, counts);
    if (clientName === 'DynamoDBClient') {
      const target = `${commandName} ${entityOf(input)}`;
      this.dynamoByTarget.set(target, (this.dynamoByTarget.get(target) ?? 0) + 1);
      if (DYNAMO_READS.has(commandName)) counts.dynamoReads += 1;
      else if (DYNAMO_WRITES.has(commandName)) {
        counts.dynamoWrites += 1;
        counts.dynamoWriteUnits += writeUnitsOf(input.Item ?? input.Key);
      } else if (DYNAMO_TRANSACT_WRITES.has(commandName)) {
        const items = (input.TransactItems as Array<Record<string, { Item?: unknown; Key?: unknown }>>) ?? [];
        // One request; every item in it is billed twice (prepare + commit).
        counts.dynamoWrites += 1;
        for (const entry of items) {
          const op = Object.values(entry)[0];
          counts.dynamoWriteUnits += 2 * writeUnitsOf(op?.Item ?? op?.Key);
        }
      } else if (DYNAMO_BATCH_WRITES.has(commandName)) {
        const requests = Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).flat();
        counts.dynamoWrites += 1;
        counts.dynamoWriteUnits += requests.length;
      } else if (DYNAMO_MULTI_READS.has(commandName)) counts.dynamoReads += 1;
      else counts.other[commandName] = (counts.other[commandName] ?? 0) + 1;
    } else if (clientName === 'KMSClient') counts.kmsCalls += 1;
    else if (clientName === 'SQSClient' && /^Send/.test(commandName)) counts.queueSends += 1;
    else {
      const key = `${clientName}.${commandName}`;
      counts.other[key] = (counts.other[key] ?? 0) + 1;
    }
  }

  /** A smithy initialize-step middleware recording each command before it is sent (retries are not recounted). */
  middleware() {
    return (
      next: (args: { input: object }) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) =>
      (args: { input: object }) => {
        this.record(context.clientName ?? 'unknown', context.commandName ?? 'unknown', args.input as never);
        return next(args);
      };
  }

  /** Adds the middleware to a client (DynamoDBClient, or a DocumentClient's underlying one, KMSClient, SQSClient). */
  attach(client: { middlewareStack: { add(mw: unknown, options: object): void } }): void {
    client.middlewareStack.add(this.middleware(), { step: 'initialize', name: 'flowiaBenchWorkCounter' });
  }

  /** Totals per step and overall, divided by the messages processed. */
  perMessage(messages: number) {
    const divide = (c: StepCounts) => ({
      dynamoReads: round(c.dynamoReads / messages),
      dynamoWrites: round(c.dynamoWrites / messages),
      dynamoWriteUnits: round(c.dynamoWriteUnits / messages),
      kmsCalls: round(c.kmsCalls / messages),
      queueSends: round(c.queueSends / messages),
    });
    const total = empty();
    for (const c of this.steps.values()) {
      total.dynamoReads += c.dynamoReads;
      total.dynamoWrites += c.dynamoWrites;
      total.dynamoWriteUnits += c.dynamoWriteUnits;
      total.kmsCalls += c.kmsCalls;
      total.queueSends += c.queueSends;
    }
    return {
      byStep: Object.fromEntries([...this.steps].map(([step, c]) => [step, divide(c)])),
      total: divide(total),
      dynamoByTarget: Object.fromEntries(
        [...this.dynamoByTarget]
          .sort((a, b) => b[1] - a[1])
          .map(([target, n]) => [target, round(n / messages)]),
      ),
    };
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
