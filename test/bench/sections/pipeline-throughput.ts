import { localWorkflow, workflowPlugin } from '../../../infra/local/workflow-plugin';
import { percentiles, pool, startMetaBenchStage } from '../meta-stage';

/**
 * End-to-end pipeline throughput on the local stage as `npm start` runs it (default workflow plugin): signed DM
 * webhooks → queue → the ASL workflow → a DM at the fake Graph for each. Messages per second from the first
 * webhook to the workflow being idle; the webhooks' ack latency while the pipeline is busy comes with it.
 */
const MESSAGES = Number(process.env.FLOWIA_BENCH_PIPELINE_MESSAGES ?? 1000);
const CONCURRENCY = 8;
const DRAIN_TIMEOUT_MS = 20 * 60_000;

export async function run() {
  const bench = await startMetaBenchStage([workflowPlugin()]);
  try {
    const signed = Array.from({ length: MESSAGES }, (_, i) => bench.dm(i));
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
    return {
      messages: MESSAGES,
      workflowConcurrency: 3,
      seconds: Math.round(seconds * 10) / 10,
      messagesPerSecond: Math.round((MESSAGES / seconds) * 10) / 10,
      dmsSent: bench.graph.state.sent.length,
      failedExecutions: localWorkflow().stats().failedExecutions,
      ackWhileBusy: percentiles(latencies),
    };
  } finally {
    await bench.stop();
  }
}
