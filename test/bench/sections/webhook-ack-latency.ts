import { BARE_WEBHOOK_PATH, bareWebhookPlugin } from '../bare-webhook';
import { percentiles, ratio } from '../cost';
import { pool, startMetaBenchStage } from '../meta-stage';

/**
 * Webhook ack latency: signed Instagram DM webhooks posted over HTTP to the local stage, timed to their 200.
 * The queue has no consumer here (in AWS the workflow runs on other Lambdas), so this is the function-URL
 * handler's own path: signature over the raw bytes, parse, account lookup in DynamoDB, one queue publish.
 * Its floor is measured on the same stage in the same run: a bare route that only checks the signature and
 * publishes one message (bare-webhook.ts), posted the same webhooks at the same concurrency.
 */
const REQUESTS = Number(process.env.FLOWIA_BENCH_ACK_REQUESTS ?? 2000);
const CONCURRENCY = 8;
const WARM_UP = 50;

export async function run() {
  const bench = await startMetaBenchStage((appSecret) => [bareWebhookPlugin(appSecret)]);
  try {
    const warm = Array.from({ length: WARM_UP }, (_, i) => bench.dm(-1 - i));
    await pool(warm.length, CONCURRENCY, (i) => bench.post(warm[i]!));
    await pool(warm.length, CONCURRENCY, (i) => bench.post(warm[i]!, BARE_WEBHOOK_PATH));
    const signed = Array.from({ length: REQUESTS }, (_, i) => bench.dm(i));
    // Alternating halves, so a neighbour's load on the shared machine falls on both alike.
    const half = Math.floor(REQUESTS / 2);
    const real: number[] = [];
    const bare: number[] = [];
    let realSeconds = 0;
    for (const [from, to] of [
      [0, half],
      [half, REQUESTS],
    ] as const) {
      const started = performance.now();
      real.push(...(await pool(to - from, CONCURRENCY, (i) => bench.post(signed[from + i]!))));
      realSeconds += (performance.now() - started) / 1000;
      bare.push(
        ...(await pool(to - from, CONCURRENCY, (i) => bench.post(signed[from + i]!, BARE_WEBHOOK_PATH))),
      );
    }
    const ours = percentiles(real);
    const floor = percentiles(bare);
    return {
      concurrency: CONCURRENCY,
      ...ours,
      requestsPerSecond: Math.round((REQUESTS / realSeconds) * 10) / 10,
      bareFloor: floor,
      p99VsFloor: ratio(ours.p99Ms, floor.p99Ms, 'lower-is-better', 3),
    };
  } finally {
    await bench.stop();
  }
}
