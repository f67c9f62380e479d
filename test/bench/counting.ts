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
  /**
   * On-demand read request units, for items up to 4 KB: ½ for an eventually consistent read, 1 for a strongly
   * consistent one, 2 per item of a transaction (https://aws.amazon.com/dynamodb/pricing/on-demand/).
   */
  dynamoReadUnits: number;
  dynamoWrites: number;
  /**
   * On-demand write request units of the table: per 1 KB, rounded up, of the larger of the item before and after the
   * write (what dynalite reports as ConsumedCapacity, the rule DynamoDB bills by), 2 per item in a transaction.
   */
  dynamoWriteUnits: number;
  /**
   * Write units the global secondary indexes consume for the same writes (added by `addIndexWrites`): each index
   * an item is in is written too, sized by its projected item (ALL: the whole item).
   */
  dynamoIndexWriteUnits: number;
  kmsCalls: number;
  queueSends: number;
  /** HTTP requests to the (simulated) providers: Graph, TikTok, Google, CRMs… OpenAI apart. */
  providerCalls: number;
  openAiCalls: number;
  other: Record<string, number>;
}

const empty = (): StepCounts => ({
  dynamoReads: 0,
  dynamoReadUnits: 0,
  dynamoWrites: 0,
  dynamoWriteUnits: 0,
  dynamoIndexWriteUnits: 0,
  kmsCalls: 0,
  queueSends: 0,
  providerCalls: 0,
  openAiCalls: 0,
  other: {},
});

const COUNTED = [
  'dynamoReads',
  'dynamoReadUnits',
  'dynamoWrites',
  'dynamoWriteUnits',
  'dynamoIndexWriteUnits',
  'kmsCalls',
  'queueSends',
  'providerCalls',
  'openAiCalls',
] as const;
type Counted = (typeof COUNTED)[number];

/** A read's units (see StepCounts.dynamoReadUnits); a Query or Scan is counted as one item's worth. */
function readUnitsOf(commandName: string, input: Record<string, unknown>): number {
  const unit = (request: { ConsistentRead?: unknown } | undefined) => (request?.ConsistentRead ? 1 : 0.5);
  if (commandName.startsWith('TransactGet')) return 2 * ((input.TransactItems as unknown[]) ?? []).length;
  if (commandName.startsWith('BatchGet'))
    return Object.values(
      (input.RequestItems as Record<string, { Keys?: unknown[]; ConsistentRead?: unknown }>) ?? {},
    )
      .map((table) => (table.Keys ?? []).length * unit(table))
      .reduce((sum, units) => sum + units, 0);
  return unit(input);
}

/** Item size in KB rounded up, from the marshalled attribute values' JSON (close to DynamoDB's own sizing). */
const writeUnitsOf = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item ?? {}).length / 1024));

/** A key attribute's string, from the document client's input or the low-level one's ({ S }). */
const keyString = (value: unknown) =>
  typeof value === 'string' ? value : ((value as { S?: string } | undefined)?.S ?? '');

/** The item key a single-item write names (Put: its item's pk/sk; Update and Delete: Key). */
function writtenKey(input: Record<string, unknown>): { pk: string; sk: string } | undefined {
  const target = (input.Item ?? input.Key) as { pk?: unknown; sk?: unknown } | undefined;
  return target ? { pk: keyString(target.pk), sk: keyString(target.sk) } : undefined;
}

/** The entity a DynamoDB command touches: its keys' first segments (WS/LEAD…), to find who writes. */
function entityOf(input: Record<string, unknown>): string {
  // A batch write is named by its first request's item (the local queue's intake writes LOCALQ batches).
  const firstOfBatch = Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).flat()[0] as
    | { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }
    | undefined;
  const target = (input.Item ??
    input.Key ??
    firstOfBatch?.PutRequest?.Item ??
    firstOfBatch?.DeleteRequest?.Key) as { pk?: unknown; sk?: unknown } | undefined;
  const first = (value: unknown) => keyString(value).split('#')[0] || '-';
  return target ? `${first(target.pk)}/${first(target.sk)}` : '-';
}

/** An item as stored: its key, its attribute names and its size by DynamoDB's rules (names plus values). */
export interface StoredItem {
  pk: string;
  sk: string;
  attributes: string[];
  bytes: number;
}

export interface WorkCounterOptions {
  /**
   * The workflow step running now, when the work is not wrapped in inStep: the bench passes the step wrapper's
   * log scope (shared/workflow/step.ts runs every step under `workflow_step`).
   */
  stepOf?: () => string | undefined;
}

export class WorkCounter {
  readonly steps = new Map<string, StepCounts>();
  readonly #stepOf: () => string | undefined;

  constructor(options: WorkCounterOptions = {}) {
    this.#stepOf = options.stepOf ?? (() => undefined);
  }
  /** DynamoDB commands by name and entity ("UpdateCommand LEAD"), across steps. */
  readonly dynamoByTarget = new Map<string, number>();
  /** Table write units by command and entity, across steps (the local queue's are SQS requests in AWS). */
  readonly writeUnitsByTarget = new Map<string, number>();
  /** Index write units by entity and the indexes it is in ("WS/LEAD gsi1pk+gsi2pk"), across steps. */
  readonly indexUnitsByTarget = new Map<string, number>();
  /** Every item a single-item write touched: its key → the writes to it by step (for addIndexWrites). */
  readonly #writtenItems = new Map<
    string,
    { key: { pk: string; sk: string }; byStep: Map<string, number> }
  >();
  readonly #step = new AsyncLocalStorage<string>();

  /** Runs `work` with every command it sends counted under `step`. */
  inStep<T>(step: string, work: () => Promise<T>): Promise<T> {
    return this.#step.run(step, work);
  }

  /**
   * Records one command (clientName as smithy names it, e.g. DynamoDBClient; the command's input). A single-item
   * write is counted at its estimated size here; `consumed` then replaces the estimate by what the table reports.
   */
  record(clientName: string, commandName: string, input: Record<string, unknown>): void {
    const counts = this.#current();
    if (clientName === 'DynamoDBClient') {
      const target = `${commandName} ${entityOf(input)}`;
      this.dynamoByTarget.set(target, (this.dynamoByTarget.get(target) ?? 0) + 1);
      const unitsBefore = counts.dynamoWriteUnits;
      if (DYNAMO_READS.has(commandName)) {
        counts.dynamoReads += 1;
        counts.dynamoReadUnits += readUnitsOf(commandName, input);
      } else if (DYNAMO_WRITES.has(commandName)) {
        counts.dynamoWrites += 1;
        // An estimate until the table answers (see consumed): its key plus the values it sets.
        counts.dynamoWriteUnits += writeUnitsOf(
          input.Item ?? { ...(input.Key as object), ...(input.ExpressionAttributeValues as object) },
        );
        const key = writtenKey(input);
        if (key) {
          const id = `${key.pk}\u0000${key.sk}`;
          const written = this.#writtenItems.get(id) ?? { key, byStep: new Map() };
          const step = this.#stepName();
          written.byStep.set(step, (written.byStep.get(step) ?? 0) + 1);
          this.#writtenItems.set(id, written);
        }
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
      } else if (DYNAMO_MULTI_READS.has(commandName)) {
        counts.dynamoReads += 1;
        counts.dynamoReadUnits += readUnitsOf(commandName, input);
      } else counts.other[commandName] = (counts.other[commandName] ?? 0) + 1;
      const units = counts.dynamoWriteUnits - unitsBefore;
      if (units > 0) this.writeUnitsByTarget.set(target, (this.writeUnitsByTarget.get(target) ?? 0) + units);
    } else if (clientName === 'KMSClient') counts.kmsCalls += 1;
    else if (clientName === 'SQSClient' && /^Send/.test(commandName)) counts.queueSends += 1;
    else {
      const key = `${clientName}.${commandName}`;
      counts.other[key] = (counts.other[key] ?? 0) + 1;
    }
  }

  /** Forgets everything counted so far (the set-up before the measured run). */
  reset(): void {
    this.steps.clear();
    this.dynamoByTarget.clear();
    this.writeUnitsByTarget.clear();
    this.indexUnitsByTarget.clear();
    this.#writtenItems.clear();
  }

  /**
   * The write units the table reported for a single-item write recorded a moment ago under the same step
   * (`ConsumedCapacity.CapacityUnits`, asked for by the middleware): they replace the estimate.
   */
  consumed(commandName: string, input: Record<string, unknown>, estimate: number, units: number): void {
    const counts = this.#current();
    counts.dynamoWriteUnits += units - estimate;
    const target = `${commandName} ${entityOf(input)}`;
    this.writeUnitsByTarget.set(target, (this.writeUnitsByTarget.get(target) ?? 0) + units - estimate);
  }

  /**
   * Adds what the global secondary indexes consume for the writes counted so far, from the items as stored now
   * (`read` fetches them, uncounted): "when an item is written to a table, every index whose key attributes the
   * item has is updated too", each index write sized by the projected item
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes;
   * the table projects ALL). A lower bound: a write that moves an item's index key costs that index two writes
   * (delete and put), and an item that has left an index since is not counted.
   */
  async addIndexWrites(
    indexKeys: string[],
    read: (keys: Array<{ pk: string; sk: string }>) => Promise<StoredItem[]>,
  ): Promise<void> {
    const written = [...this.#writtenItems.values()];
    const items = new Map<string, StoredItem>();
    for (const item of await read(written.map((w) => w.key))) items.set(`${item.pk}\u0000${item.sk}`, item);
    for (const { key, byStep } of written) {
      const item = items.get(`${key.pk}\u0000${key.sk}`);
      if (!item) continue;
      const indexes = indexKeys.filter((name) => item.attributes.includes(name));
      if (indexes.length === 0) continue;
      const units = indexes.length * Math.max(1, Math.ceil(item.bytes / 1024));
      const target = `${entityOf({ Key: key })} ${indexes.join('+')}`;
      for (const [step, writes] of byStep) {
        const counts = this.steps.get(step) ?? empty();
        counts.dynamoIndexWriteUnits += writes * units;
        this.steps.set(step, counts);
        this.indexUnitsByTarget.set(target, (this.indexUnitsByTarget.get(target) ?? 0) + writes * units);
      }
    }
  }

  #stepName(): string {
    return this.#step.getStore() ?? this.#stepOf() ?? 'outside steps';
  }

  #current(): StepCounts {
    const step = this.#stepName();
    const counts = this.steps.get(step) ?? empty();
    this.steps.set(step, counts);
    return counts;
  }

  /** Records one HTTP request by its destination: OpenAI, another provider, or not counted (our own API). */
  recordRequest(url: string, origins: { openAi: string[]; ignored: string[] }): void {
    const origin = new URL(url).origin;
    if (origins.ignored.includes(origin)) return;
    const counts = this.#current();
    if (origins.openAi.includes(origin)) counts.openAiCalls += 1;
    else counts.providerCalls += 1;
  }

  /**
   * Wraps the global fetch (every provider adapter's transport) so each request is recorded; returns the undo.
   * `ignored` origins (the stage's own API, which the bench itself calls) are not provider calls. Attach it before
   * the stage starts: adapters keep the fetch they were built with.
   */
  attachFetch(origins: { openAi: string[]; ignored: string[] }): () => void {
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      this.recordRequest(url, origins);
      return original(input, init);
    };
    return () => {
      globalThis.fetch = original;
    };
  }

  /**
   * Counts each call of `target[method]` as one `clientName` command: the local stage's stand-ins for KMS and
   * SQS (LocalKeyProvider, InProcessPublisher) are plain classes, not SDK clients. Returns the undo.
   */
  attachMethod<T extends object>(target: T, method: keyof T & string, clientName: string, command: string) {
    const original = target[method] as (...args: unknown[]) => unknown;
    const record = (): void => this.record(clientName, command, {});
    target[method] = function (this: unknown, ...args: unknown[]) {
      record();
      return original.apply(this, args);
    } as T[keyof T & string];
    return () => {
      target[method] = original as T[keyof T & string];
    };
  }

  /** A smithy initialize-step middleware recording each command before it is sent (retries are not recounted). */
  middleware() {
    return (
      next: (args: { input: object }) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) =>
      async (args: { input: object }) => {
        const clientName = context.clientName ?? 'unknown';
        const commandName = context.commandName ?? 'unknown';
        const input = args.input as Record<string, unknown>;
        const single = clientName === 'DynamoDBClient' && DYNAMO_WRITES.has(commandName);
        // The table's own count of a write's units: asked for unless the code asked already.
        const asked = single && input.ReturnConsumedCapacity === undefined;
        const sent = asked ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } } : args;
        const before = this.#current().dynamoWriteUnits;
        this.record(clientName, commandName, input);
        const estimate = this.#current().dynamoWriteUnits - before;
        const result = (await next(sent)) as { output?: { ConsumedCapacity?: { CapacityUnits?: number } } };
        const units = result?.output?.ConsumedCapacity?.CapacityUnits;
        if (single && typeof units === 'number') this.consumed(commandName, input, estimate, units);
        if (asked && result?.output) delete result.output.ConsumedCapacity;
        return result;
      };
  }

  /** Adds the middleware to a client (DynamoDBClient, or a DocumentClient's underlying one, KMSClient, SQSClient). */
  attach(client: { middlewareStack: { add(mw: unknown, options: object): void } }): void {
    client.middlewareStack.add(this.middleware(), { step: 'initialize', name: 'flowiaBenchWorkCounter' });
  }

  /** Totals per step and overall, divided by the messages processed. */
  perMessage(messages: number) {
    const divide = (c: StepCounts) =>
      Object.fromEntries(COUNTED.map((name) => [name, round(c[name] / messages)])) as Record<Counted, number>;
    const total = empty();
    for (const c of this.steps.values()) for (const name of COUNTED) total[name] += c[name];
    return {
      byStep: Object.fromEntries([...this.steps].map(([step, c]) => [step, divide(c)])),
      total: divide(total),
      dynamoByTarget: Object.fromEntries(
        [...this.dynamoByTarget]
          .sort((a, b) => b[1] - a[1])
          .map(([target, n]) => [target, round(n / messages)]),
      ),
      writeUnitsByTarget: Object.fromEntries(
        [...this.writeUnitsByTarget]
          .sort((a, b) => b[1] - a[1])
          .map(([target, n]) => [target, round(n / messages)]),
      ),
      indexUnitsByTarget: Object.fromEntries(
        [...this.indexUnitsByTarget]
          .sort((a, b) => b[1] - a[1])
          .map(([target, n]) => [target, round(n / messages)]),
      ),
    };
  }
}

/** The per-step counts as a fixed-width text table (one row per step, then the total), for the console. */
export function stepTable(work: {
  byStep: Record<string, Record<Counted, number>>;
  total: Record<Counted, number>;
}) {
  const headers = ['step', 'reads', 'RRU', 'writes', 'WCU', 'GSI-WCU', 'KMS', 'queue', 'provider', 'OpenAI'];
  const rows = [...Object.entries(work.byStep), ['total', work.total] as const].map(([step, c]) => [
    step,
    ...COUNTED.map((name) => String(c[name])),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

const round = (value: number) => Math.round(value * 100) / 100;
