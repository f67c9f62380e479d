import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { InProcessPublisher } from '../../../infra/local/adapters/in-process-queues';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import { localWorkflow, workflowPlugin } from '../../../infra/local/workflow-plugin';
import { dynamo, tableName } from '../../../shared/adapters/dynamo/client';
import { scopedLogKey } from '../../../shared/observability/logger';
import { costPerThousand, pipelineCeiling, ratio } from '../cost';
import { stepTable, WorkCounter } from '../counting';
import { percentiles, pool, startMetaBenchStage } from '../meta-stage';

/**
 * End-to-end pipeline throughput on the local stage as `npm start` runs it (default workflow plugin): signed DM
 * webhooks → queue → the ASL workflow → a DM at the fake Graph for each. Messages per second from the first
 * webhook to the workflow being idle; the webhooks' ack latency while the pipeline is busy comes with it.
 */
const MESSAGES = Number(process.env.FLOWIA_BENCH_PIPELINE_MESSAGES ?? 1000);
const CONCURRENCY = 8;
const DRAIN_TIMEOUT_MS = 20 * 60_000;
const CEILING_OPS = Number(process.env.FLOWIA_BENCH_CEILING_OPS ?? 500);

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
    const ceiling = await storeCeiling();
    const signed = Array.from({ length: MESSAGES }, (_, i) => bench.dm(i));
    // Counted from here: the webhook ack, the queue and every workflow step of the MESSAGES messages.
    counter.attach(dynamo());
    counter.reset();
    const started = performance.now();
    const latencies = await pool(MESSAGES, CONCURRENCY, (i) => bench.post(signed[i]!));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      localWorkflow().idle(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the workflow did not drain in time')), DRAIN_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    const seconds = (performance.now() - started) / 1000;
    const work = counter.perMessage(MESSAGES);
    console.error(`Work per message by step (${MESSAGES} messages):\n${stepTable(work)}`);
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
    const writesInAws = Math.round((work.total.dynamoWrites - localQueueWrites) * 100) / 100;
    const cost = costPerThousand({
      lambdaInvocations: 0,
      lambdaGbSeconds: 0,
      stepFunctionsExpressRequests: 0,
      stepFunctionsGbSeconds: 0,
      sqsRequests: 3,
      dynamoWriteUnits: work.total.dynamoWriteUnits - localQueueWrites,
      dynamoReadUnits: work.total.dynamoReads,
      kmsRequests: work.total.kmsCalls,
      logBytes: 0,
      openAiInputTokens: 0,
      openAiOutputTokens: 0,
    });
    return {
      costPer1000Messages: {
        ...cost,
        covers:
          'DynamoDB (measured), KMS (measured), SQS (3 requests); Lambda, Step Functions and Logs not yet measured',
      },
      store: ceiling,
      workPerMessage: work,
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
      dmsSent: bench.graph.state.sent.length,
      failedExecutions: localWorkflow().stats().failedExecutions,
      ackWhileBusy: percentiles(latencies),
    };
  } finally {
    for (const restore of undo) restore();
    await bench.stop();
  }
}
