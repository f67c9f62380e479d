import { createRequire } from 'node:module';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { LAMBDA_SYSTEM_LOG_LEVEL } from '../../../infra/cdk/lambda';
import { InProcessPublisher } from '../../../infra/local/adapters/in-process-queues';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import { localWorkflow, workflowPlugin } from '../../../infra/local/workflow-plugin';
import { PIPE_BATCH_SIZE } from '../../../infra/queues';
import { workflowTasks } from '../../../infra/workflow';
import { dynamo, stageTable, tableName } from '../../../shared/adapters/dynamo/client';
import { GLOBAL_INDEXES } from '../../../shared/adapters/dynamo/table';
import { DynamoTraceStore } from '../../../shared/adapters/dynamo/trace-store';
import { config } from '../../../shared/config';
import { dedupeKeyOf } from '../../../shared/domain/messages/dedupe-key';
import { scopedLogKey } from '../../../shared/observability/logger';
import {
  costPerThousand,
  type MeasuredMessage,
  messageUsage,
  percentiles,
  pipelineCeiling,
  ratio,
} from '../cost';
import { type Item, stepTable, WorkCounter, withIndexUnits } from '../counting';

/** dynalite's size of a marshalled item (db/index.js `itemSize`), the size its ConsumedCapacity is computed on. */
const dynaliteItemSize = createRequire(import.meta.url)('dynalite/db').itemSize as (
  item: Record<string, AttributeValue>,
) => number;

import { pool, startMetaBenchStage } from '../meta-stage';

/**
 * End-to-end pipeline throughput on the local stage as `npm start` runs it (default workflow plugin): signed DM
 * webhooks → queue → the ASL workflow → a DM at the fake Graph for each. Messages per second from the first
 * webhook to the workflow being idle; the webhooks' ack latency while the pipeline is busy comes with it.
 */
const MESSAGES = Number(process.env.FLOWIA_BENCH_PIPELINE_MESSAGES ?? 1000);
const CONCURRENCY = 8;
const DRAIN_TIMEOUT_MS = 20 * 60_000;
const CEILING_OPS = Number(process.env.FLOWIA_BENCH_CEILING_OPS ?? 500);
/** Messages whose traces give each step's measured duration and attempts (Lambda GB-s). */
const TRACE_SAMPLE = 50;
/**
 * Messages of the untimed accounting pass after the timed run, which takes each write's before and after images
 * (uncounted strongly consistent reads) for the exact index write units: each message has a sender of its own, as
 * in the timed run, so it makes the same writes; the extra reads would slow the timed figure down.
 */
const INDEX_SAMPLE = Number(process.env.FLOWIA_BENCH_INDEX_SAMPLE ?? 200);
/**
 * Lambda's own START/REPORT lines per invocation in JSON log format (an estimate, not measured here): written only
 * at the system log level INFO; the stacks set WARN (infra/cdk/lambda.ts), which leaves them out.
 */
const PLATFORM_LOG_BYTES_PER_INVOCATION = LAMBDA_SYSTEM_LOG_LEVEL === SystemLogLevel.WARN ? 0 : 600;
/** ReportBatch writes no trace: its duration is an estimate (it only shapes batchItemFailures). */
const REPORT_BATCH_MS = 5;
/** Tokens of one AI reply, for the with-OpenAI figure: an assumption (the common path writes a template). */
const AI_REPLY_TOKENS = { input: 700, output: 120 };
const DEFAULT_MEMORY_MB = 256;

/**
 * Each step's invocations and mean duration per message, from the traces of the first messages (the step wrapper
 * records every attempt with its duration), and the Lambda and Step Functions usage that makes.
 */
async function measuredSteps(workspaceId: string, messages: number) {
  const store = new DynamoTraceStore(stageTable);
  const byStep = new Map<string, { attempts: number; ms: number }>();
  const sample = Math.min(TRACE_SAMPLE, messages);
  for (let i = 0; i < sample; i++)
    for (const step of await store.read(workspaceId, dedupeKeyOf('instagram', 'dm', `mid-bench-${i}`))) {
      const entry = byStep.get(step.step) ?? { attempts: 0, ms: 0 };
      entry.attempts += step.attemptCount;
      entry.ms += step.attempts.reduce((sum, attempt) => sum + attempt.durationMs, 0);
      byStep.set(step.step, entry);
    }
  return [...byStep].map(([step, { attempts, ms }]) => ({
    step,
    invocationsPerMessage: attempts / sample,
    meanMs: attempts > 0 ? ms / attempts : 0,
  }));
}

const memoryOfStep = (step: string) =>
  workflowTasks.find((task) => task.placeholder === `${step}FunctionArn`)?.memoryMb ?? DEFAULT_MEMORY_MB;

/**
 * The embedded DynamoDB's own ceiling, with the same document client the handlers use: puts/s and gets/s of
 * 1 KB items at the pipeline's concurrency, on keys no handler reads.
 */
async function storeCeiling() {
  const client = dynamo();
  const TableName = tableName();
  const payload = 'x'.repeat(900);
  const rate = async (op: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    await pool(CEILING_OPS, CONCURRENCY, op);
    return CEILING_OPS / ((performance.now() - started) / 1000);
  };
  const key = (i: number) => ({ pk: `BENCH#ceiling#${i % 50}`, sk: `ITEM#${i}` });
  const putsPerSecond = await rate((i) =>
    client.send(new PutCommand({ TableName, Item: { ...key(i), payload } })),
  );
  const getsPerSecond = await rate((i) => client.send(new GetCommand({ TableName, Key: key(i) })));
  return { putsPerSecond: Math.round(putsPerSecond), getsPerSecond: Math.round(getsPerSecond) };
}

/**
 * A client of the bench's own (not counted) reading one item strongly consistent, as stored now: the images the
 * counter's index accounting compares (sized by dynalite's item-size function, DynamoDB's rules).
 */
function imageReader() {
  const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
  const client = new DynamoDBClient({
    region: AWS_REGION,
    endpoint: DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const TableName = tableName();
  return {
    read: async ({ pk, sk }: { pk: string; sk: string }): Promise<Item | undefined> =>
      (
        await client.send(
          new GetItemCommand({ TableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }),
        )
      ).Item,
    close: () => client.destroy(),
  };
}

export async function run() {
  const counter = new WorkCounter({ stepOf: () => scopedLogKey('workflow_step') as string | undefined });
  // The stage's stand-ins for KMS and SQS count as the calls they replace; fetch carries every provider call
  // (attached before the stage starts, since adapters keep the fetch they were built with).
  const origins = {
    openAi: process.env.OPENAI_BASE_URL ? [new URL(process.env.OPENAI_BASE_URL).origin] : [],
    ignored: [] as string[],
  };
  const undo = [
    counter.attachMethod(LocalKeyProvider.prototype, 'generateDataKey', 'KMSClient', 'GenerateDataKey'),
    counter.attachMethod(LocalKeyProvider.prototype, 'unwrapDataKey', 'KMSClient', 'Decrypt'),
    counter.attachMethod(InProcessPublisher.prototype, 'publish', 'SQSClient', 'SendMessageBatch'),
    counter.attachFetch(origins),
  ];
  const bench = await startMetaBenchStage([workflowPlugin()]);
  origins.ignored.push(new URL(bench.stage.url).origin);
  try {
    // A first measure only warms the process (JIT, dynalite's first writes): measured cold, the ceiling read half
    // of what the same process measured after the run, which made the pipeline's ratio look better than it was.
    await storeCeiling();
    const ceilingBefore = await storeCeiling();
    const signed = Array.from({ length: MESSAGES }, (_, i) => bench.dm(i));
    // Counted from here: the webhook ack, the queue and every workflow step of the MESSAGES messages.
    counter.attach(dynamo());
    counter.reset();
    // What the handlers log (and the EMF metric lines) is what CloudWatch Logs ingests: counted, not printed.
    let logBytes = 0;
    const writeStdout = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      return true;
    }) as typeof process.stdout.write;
    undo.push(() => {
      process.stdout.write = writeStdout;
    });
    const started = performance.now();
    const latencies = await pool(MESSAGES, CONCURRENCY, (i) => bench.post(signed[i]!));
    const drained = async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        localWorkflow().idle(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the workflow did not drain in time')), DRAIN_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
    };
    await drained();
    const seconds = (performance.now() - started) / 1000;
    // What the timed run did, before the accounting pass adds its own executions, DMs and log lines.
    const timedStats = localWorkflow().stats();
    const dmsSent = bench.graph.state.sent.length;
    const timedLogBytes = logBytes;
    const timed = counter.perMessage(MESSAGES);
    // Measured again right after (its operations fall between the timed counts and the reset, so count nowhere):
    // a shared machine's speed drifts over a run, and the ratio is taken to the two measures' mean.
    const ceilingAfter = await storeCeiling();
    const ceiling = {
      putsPerSecond: Math.round((ceilingBefore.putsPerSecond + ceilingAfter.putsPerSecond) / 2),
      getsPerSecond: Math.round((ceilingBefore.getsPerSecond + ceilingAfter.getsPerSecond) / 2),
      before: ceilingBefore,
      after: ceilingAfter,
    };
    // The untimed accounting pass: its index write units per message replace the timed run's (none counted).
    counter.reset();
    const reader = imageReader();
    counter.countIndexWrites({ indexes: GLOBAL_INDEXES, read: reader.read, sizeOf: dynaliteItemSize });
    try {
      const sampleSigned = Array.from({ length: INDEX_SAMPLE }, (_, i) => bench.dm(MESSAGES + i));
      await pool(INDEX_SAMPLE, CONCURRENCY, (i) => bench.post(sampleSigned[i]!));
      await drained();
    } finally {
      counter.countIndexWrites(undefined);
      reader.close();
    }
    const sample = counter.perMessage(INDEX_SAMPLE);
    const work = withIndexUnits(timed, sample);
    console.error(
      `Work per message by step (${MESSAGES} messages; GSI-WCU from an accounting pass of ${INDEX_SAMPLE}):\n${stepTable(work)}`,
    );
    const messagesPerSecond = MESSAGES / seconds;
    const ceilingMessagesPerSecond = pipelineCeiling(
      ceiling.putsPerSecond,
      ceiling.getsPerSecond,
      work.total.dynamoWrites,
      work.total.dynamoReads,
    );
    // The local stage's queue lives in the table (LOCALQ items); in AWS it is SQS, so those writes are priced as
    // SQS requests (send + receive + delete) and left out of the DynamoDB units.
    const localQueueWrites = Object.entries(work.dynamoByTarget)
      .filter(([target]) => target.includes('LOCALQ') && !/^(Get|Query|Scan)/.test(target))
      .reduce((sum, [, n]) => sum + n, 0);
    const localQueueWriteUnits = Object.entries(work.writeUnitsByTarget)
      .filter(([target]) => target.includes('LOCALQ'))
      .reduce((sum, [, n]) => sum + n, 0);
    const writesInAws = Math.round((work.total.dynamoWrites - localQueueWrites) * 100) / 100;
    const executionsPerMessage = timedStats.executions / MESSAGES;
    const steps = await measuredSteps(bench.workspaceId, MESSAGES);
    const ack = percentiles(latencies);
    const measured: MeasuredMessage = {
      webhook: { ms: ack.p50Ms, memoryMb: DEFAULT_MEMORY_MB },
      steps: steps.map((s) => ({ ...s, memoryMb: memoryOfStep(s.step) })),
      reportBatch: { ms: REPORT_BATCH_MS, memoryMb: DEFAULT_MEMORY_MB },
      queueSends: work.total.queueSends,
      // The table's units as it reported them and its indexes' (LOCALQ items are in no index).
      dynamoWriteUnits: work.total.dynamoWriteUnits - localQueueWriteUnits + work.total.dynamoIndexWriteUnits,
      dynamoReadUnits: work.total.dynamoReadUnits,
      kmsRequests: work.total.kmsCalls,
      logBytes: timedLogBytes / MESSAGES,
      platformLogBytesPerInvocation: PLATFORM_LOG_BYTES_PER_INVOCATION,
    };
    const usageAt = (executions: number) => messageUsage(measured, executions);
    // As measured: the local stage starts an execution as soon as a message is queued, about one each, as a quiet
    // account would in AWS. A busy one fills the Pipe's batches (PIPE_BATCH_SIZE within its batching window).
    const usage = usageAt(executionsPerMessage);
    const atFullBatches = costPerThousand(usageAt(1 / PIPE_BATCH_SIZE));
    const cost = costPerThousand(usage);
    const withAiReplies = costPerThousand({
      ...usage,
      openAiInputTokens: AI_REPLY_TOKENS.input,
      openAiOutputTokens: AI_REPLY_TOKENS.output,
    });
    return {
      costPer1000Messages: {
        ...cost,
        withOpenAi: withAiReplies.withOpenAi,
        // The same work when every execution carries a full Pipe batch: Step Functions, the Pipe, SQS receive
        // and delete, and ReportBatch shared by PIPE_BATCH_SIZE messages.
        atFullBatches: {
          messagesPerExecution: PIPE_BATCH_SIZE,
          byService: atFullBatches.byService,
          withoutAi: atFullBatches.withoutAi,
        },
        usagePerMessage: usage,
        steps,
        covers:
          "measured: DynamoDB write units as the table reports them (less the local queue) and its indexes' exactly by DynamoDB's rules (puts, moves as delete + put, deletes and rewrites, each sized by the item before or after it, from an untimed accounting pass), KMS, queue sends, log bytes at INFO, step durations and attempts (traces of the first messages), executions per message; estimated: Lambda platform log lines, ReportBatch duration, the webhook Lambda duration (its ack p50); with OpenAI: one AI reply per message at an assumed token count; Chromium not included",
        assumptions: { PLATFORM_LOG_BYTES_PER_INVOCATION, REPORT_BATCH_MS, AI_REPLY_TOKENS },
      },
      store: ceiling,
      workPerMessage: work,
      // The pass the index units come from, with its own table figures to set beside the timed run's, and the
      // writes the timed run made that the pass did not (their index units are not in the figures): time-based
      // ones, such as an account's last event written at most once a minute.
      indexAccountingPass: {
        messages: INDEX_SAMPLE,
        dynamoWrites: sample.total.dynamoWrites,
        dynamoWriteUnits: sample.total.dynamoWriteUnits,
        dynamoIndexWriteUnits: sample.total.dynamoIndexWriteUnits,
        writesNotInPass: Object.fromEntries(
          Object.entries(work.dynamoByTarget).filter(
            ([target]) =>
              /^(Put|Update|Delete)/.test(target) &&
              !target.includes('LOCALQ') &&
              !(target in sample.dynamoByTarget),
          ),
        ),
      },
      // The target counts the writes AWS would see: the local queue's LOCALQ items are SQS there.
      writesTarget: {
        target: '≤ 6 DynamoDB writes a message',
        writesInAws,
        localQueueWrites,
        met: writesInAws <= 6,
      },
      ceilingMessagesPerSecond: Math.round(ceilingMessagesPerSecond * 10) / 10,
      vsCeiling: ratio(
        Math.round(messagesPerSecond * 10) / 10,
        Math.round(ceilingMessagesPerSecond * 10) / 10,
        'higher-is-better',
        0.6,
      ),
      messages: MESSAGES,
      workflowConcurrency: 3,
      seconds: Math.round(seconds * 10) / 10,
      messagesPerSecond: Math.round((MESSAGES / seconds) * 10) / 10,
      dmsSent,
      failedExecutions: timedStats.failedExecutions,
      ackWhileBusy: ack,
    };
  } finally {
    for (const restore of undo) restore();
    await bench.stop();
  }
}
