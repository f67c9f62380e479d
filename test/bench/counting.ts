import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

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
   * Write units the global secondary indexes consume for the same writes, exact by DynamoDB's rules
   * (`indexWriteUnits`, from each write's before and after images, taken while `countIndexWrites` is on).
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

/** An item as the low-level client marshals it: attribute name → AttributeValue ({ S }, { N }, { M }…). */
export type Item = Record<string, AttributeValue>;

/** A global secondary index's key schema (shared/adapters/dynamo/table.ts GLOBAL_INDEXES). */
export interface IndexKeySchema {
  indexName: string;
  partitionKey: string;
  sortKey?: string;
}

/** What a write does to one index: nothing, put a new entry, move it (delete + put), delete it, or rewrite it. */
export type IndexChange = 'none' | 'put' | 'move' | 'delete' | 'update';

/**
 * The item's key in the index, or undefined when it is not in it: "If a table contains an item where a particular
 * attribute is not defined, but that attribute is defined as an index partition key or sort key, DynamoDB doesn't
 * write any data for that item to the index."
 */
function indexKeyOf(item: Item | undefined, index: IndexKeySchema): string | undefined {
  if (!item) return undefined;
  const names = index.sortKey ? [index.partitionKey, index.sortKey] : [index.partitionKey];
  if (names.some((name) => item[name] === undefined)) return undefined;
  return canonical(names.map((name) => item[name]));
}

/** A value's JSON with object keys (and the members of DynamoDB's unordered sets) sorted: equal items, equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => {
        const text =
          ['SS', 'NS', 'BS'].includes(name) && Array.isArray(member)
            ? canonical(member.map((m) => canonical(m)).sort())
            : canonical(member);
        return `${JSON.stringify(name)}:${text}`;
      })
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/** What the write from `before` to `after` (undefined: no item) does to `index` (the table projects ALL). */
export function indexChange(
  before: Item | undefined,
  after: Item | undefined,
  index: IndexKeySchema,
): IndexChange {
  const was = indexKeyOf(before, index);
  const is = indexKeyOf(after, index);
  if (was === undefined && is === undefined) return 'none';
  if (was === undefined) return 'put';
  if (is === undefined) return 'delete';
  if (was !== is) return 'move';
  // Same key: with ALL projected, any attribute that changed is a projected one.
  return canonical(before) === canonical(after) ? 'none' : 'update';
}

/**
 * The write units each global secondary index consumes for one write that turned `before` into `after`
 * (undefined: no item, so a PutItem of a new item has no `before` and a DeleteItem no `after`), by the rules of
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes:
 *
 *   "If a write to a table does not require a global secondary index update, no write capacity is consumed from
 *   the index. […] The cost of writing an item to a global secondary index depends on several factors:
 *   - If you write a new item to the table that defines an indexed attribute, or you update an existing item to
 *     define a previously undefined indexed attribute, one write operation is required to put the item into the
 *     index.
 *   - If an update to the table changes the value of an indexed key attribute (from A to B), two writes are
 *     required, one to delete the previous item from the index and another write to put the new item into the
 *     index.
 *   - If an item was present in the index, but a write to the table caused the indexed attribute to be deleted,
 *     one write is required to delete the old item projection from the index.
 *   - If an item is not present in the index before or after the item is updated, there is no additional write
 *     cost for the index.
 *   - If an update to the table only changes the value of projected attributes in the index key schema, but does
 *     not change the value of any indexed key attribute, one write is required to update the values of the
 *     projected attributes into the index.
 *   All of these factors assume that the size of each item in the index is less than or equal to the 1 KB item
 *   size for calculating write capacity units. Larger index entries require additional write capacity units."
 *
 * Each index write is its entry's size (`sizeOf`; the table projects ALL, so the entry is the item) per 1 KB,
 * rounded up: the delete of the old entry sized by `before`, the put of the new one (or the rewrite) by `after`.
 */
export function indexWriteUnits(
  before: Item | undefined,
  after: Item | undefined,
  indexes: readonly IndexKeySchema[],
  sizeOf: (item: Item) => number,
): Record<string, number> {
  const units = (item: Item | undefined) => (item ? Math.max(1, Math.ceil(sizeOf(item) / 1024)) : 0);
  const byIndex: Record<string, number> = {};
  for (const index of indexes) {
    const change = indexChange(before, after, index);
    byIndex[index.indexName] =
      change === 'put' || change === 'update'
        ? units(after)
        : change === 'delete'
          ? units(before)
          : change === 'move'
            ? units(before) + units(after)
            : 0;
  }
  return byIndex;
}

/**
 * How the counter takes the images `indexWriteUnits` needs (see `countIndexWrites`): the table's indexes, a strongly
 * consistent read of one item through a client the counter is not attached to, and DynamoDB's item size.
 */
export interface IndexAccounting {
  indexes: readonly IndexKeySchema[];
  read: (key: { pk: string; sk: string }) => Promise<Item | undefined>;
  sizeOf: (item: Item) => number;
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
  /**
   * Index write units by command, entity, index and what the write did there ("PutItemCommand WS/LEAD gsi2 move"),
   * across steps, while `countIndexWrites` is on.
   */
  readonly indexUnitsByTarget = new Map<string, number>();
  #indexAccounting: IndexAccounting | undefined;
  /** Each item's image after the last write to it the counter saw (undefined: no item), while accounting. */
  readonly #images = new Map<string, Item | undefined>();
  /** The last accounted write to each item: the next one waits for it, so its images are its own. */
  readonly #itemTurns = new Map<string, Promise<void>>();
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
    this.#images.clear();
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
   * Turns exact index accounting on (`accounting`) or off (undefined). While on, each single-item write through an
   * attached client is given a before image (the after image of the previous write to that item the counter saw,
   * or, for the first, the item read before the write) and an after image (the item read after the write), and
   * `indexWriteUnits` of the two is added to the step that sent it. The reads go through `accounting.read`, not through the counted client: they are not the step's reads,
   * and the application's requests are sent unchanged (no ReturnValues is added). Writes to one item are accounted
   * one at a time, so each one's images are its own; that and the reads slow the pipeline down, so a bench turns
   * this on for an untimed pass. Transactions and batch writes are not accounted (the pipeline sends none to an
   * indexed item); they only make the counter forget the images of the items they write.
   */
  countIndexWrites(accounting: IndexAccounting | undefined): void {
    this.#indexAccounting = accounting;
    this.#images.clear();
  }

  /** Sends one single-item write with its before and after images, and adds its index write units to `step`. */
  async #accountedWrite<T>(
    accounting: IndexAccounting,
    step: string,
    commandName: string,
    input: Record<string, unknown>,
    send: () => Promise<T>,
  ): Promise<T> {
    const key = writtenKey(input);
    if (!key) return send();
    const id = `${key.pk}\u0000${key.sk}`;
    const previous = this.#itemTurns.get(id);
    let done = () => {};
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.#itemTurns.set(id, turn);
    try {
      await previous;
      const before = this.#images.has(id) ? this.#images.get(id) : await accounting.read(key);
      let result: T;
      try {
        result = await send();
      } catch (error) {
        // A write that failed (a condition not met) changed nothing; the read says so either way.
        this.#images.set(id, await accounting.read(key));
        throw error;
      }
      // Read back even after a PutItem: the stored item, as the next write's before image, is what it changes.
      const after = await accounting.read(key);
      this.#images.set(id, after);
      const counts = this.steps.get(step) ?? empty();
      this.steps.set(step, counts);
      for (const [indexName, units] of Object.entries(
        indexWriteUnits(before, after, accounting.indexes, accounting.sizeOf),
      )) {
        if (units === 0) continue;
        const index = accounting.indexes.find((candidate) => candidate.indexName === indexName)!;
        counts.dynamoIndexWriteUnits += units;
        const target = `${commandName} ${entityOf(input)} ${indexName} ${indexChange(before, after, index)}`;
        this.indexUnitsByTarget.set(target, (this.indexUnitsByTarget.get(target) ?? 0) + units);
      }
      return result;
    } finally {
      done();
      if (this.#itemTurns.get(id) === turn) this.#itemTurns.delete(id);
    }
  }

  /** Forgets the images of the items a transaction or batch write names (their index writes are not accounted). */
  #forgetImages(input: Record<string, unknown>): void {
    const transact = ((input.TransactItems as Array<Record<string, Record<string, unknown>>>) ?? []).map(
      (entry) => Object.values(entry)[0] ?? {},
    );
    const batch = Object.values(
      (input.RequestItems as Record<string, Array<Record<string, Record<string, unknown>>>>) ?? {},
    )
      .flat()
      .map((request) => ({ Item: request.PutRequest?.Item, Key: request.DeleteRequest?.Key }));
    for (const op of [...transact, ...batch]) {
      const key = writtenKey(op);
      if (key) this.#images.delete(`${key.pk}\u0000${key.sk}`);
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
        const accounting = this.#indexAccounting;
        if (
          accounting &&
          clientName === 'DynamoDBClient' &&
          (DYNAMO_TRANSACT_WRITES.has(commandName) || DYNAMO_BATCH_WRITES.has(commandName))
        )
          this.#forgetImages(input);
        const result = (
          accounting && single
            ? await this.#accountedWrite(accounting, this.#stepName(), commandName, input, () => next(sent))
            : await next(sent)
        ) as { output?: { ConsumedCapacity?: { CapacityUnits?: number } } };
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

/** What `WorkCounter.perMessage` returns. */
export type PerMessage = ReturnType<WorkCounter['perMessage']>;

/**
 * The counts of a timed run with the index write units of an accounting pass (`countIndexWrites` on), both per
 * message: each step's and the total's `dynamoIndexWriteUnits` and `indexUnitsByTarget` come from `pass`, the rest
 * from `timed`. A step only the pass saw comes with its index units alone.
 */
export function withIndexUnits(timed: PerMessage, pass: PerMessage): PerMessage {
  const steps = new Set([...Object.keys(timed.byStep), ...Object.keys(pass.byStep)]);
  const zero = Object.fromEntries(COUNTED.map((name) => [name, 0])) as Record<Counted, number>;
  return {
    ...timed,
    byStep: Object.fromEntries(
      [...steps].map((step) => [
        step,
        {
          ...(timed.byStep[step] ?? zero),
          dynamoIndexWriteUnits: pass.byStep[step]?.dynamoIndexWriteUnits ?? 0,
        },
      ]),
    ),
    total: { ...timed.total, dynamoIndexWriteUnits: pass.total.dynamoIndexWriteUnits },
    indexUnitsByTarget: pass.indexUnitsByTarget,
  };
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
