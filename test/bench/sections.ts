import { runInChild } from './in-child';

/** Runtime benchmark sections run after the bundle measurements (webhook latency, pipeline throughput…). */
export interface BenchSection {
  name: string;
  /** Extra Lambda entries to bundle (e.g. workflow steps not in the route manifest). */
  entries?: string[];
  run(): Promise<unknown>;
}

const MINUTE = 60_000;

/** Each section runs in its own process (see child.ts), killed if it overruns its limit. */
const inChild = (name: string, module: string, limitMs: number, env?: NodeJS.ProcessEnv): BenchSection => ({
  name,
  run: () => runInChild(module, limitMs, env),
});

const all: BenchSection[] = [
  inChild('webhookAckLatency', 'test/bench/sections/webhook-ack-latency.ts', 10 * MINUTE),
  // At the log level deployed Lambdas run at (infra/cdk/lambda.ts sets none: the logger's INFO), so the section
  // can measure the log bytes CloudWatch Logs would ingest per message.
  inChild('pipelineThroughput', 'test/bench/sections/pipeline-throughput.ts', 25 * MINUTE, {
    LOG_LEVEL: 'INFO',
  }),
  inChild('scaling', 'test/bench/sections/scaling.ts', 40 * MINUTE),
  inChild('leadsExport100k', 'test/bench/sections/leads-export-100k.ts', 15 * MINUTE),
  inChild('loadAndFaults10k', 'test/bench/sections/load-faults.ts', 75 * MINUTE),
];

/** FLOWIA_BENCH_SECTIONS=webhookAckLatency,pipelineThroughput runs only those (all by default). */
const only = process.env.FLOWIA_BENCH_SECTIONS?.split(',').map((s) => s.trim());
export const extraSections: BenchSection[] = only ? all.filter((s) => only.includes(s.name)) : all;
