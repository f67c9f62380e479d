import { percentiles, pool, startMetaBenchStage } from '../meta-stage';

/**
 * Webhook ack latency: signed Instagram DM webhooks posted over HTTP to the local stage, timed to their 200.
 * The queue has no consumer here (in AWS the workflow runs on other Lambdas), so this is the function-URL
 * handler's own path: signature over the raw bytes, parse, account lookup in DynamoDB, one queue publish.
 */
const REQUESTS = Number(process.env.FLOWIA_BENCH_ACK_REQUESTS ?? 2000);
const CONCURRENCY = 8;
const WARM_UP = 50;

export async function run() {
  const bench = await startMetaBenchStage([]);
  try {
    const warm = Array.from({ length: WARM_UP }, (_, i) => bench.dm(-1 - i));
    await pool(warm.length, CONCURRENCY, (i) => bench.post(warm[i]!));
    const signed = Array.from({ length: REQUESTS }, (_, i) => bench.dm(i));
    const started = performance.now();
    const latencies = await pool(REQUESTS, CONCURRENCY, (i) => bench.post(signed[i]!));
    const seconds = (performance.now() - started) / 1000;
    return {
      concurrency: CONCURRENCY,
      ...percentiles(latencies),
      requestsPerSecond: Math.round((REQUESTS / seconds) * 10) / 10,
    };
  } finally {
    await bench.stop();
  }
}
