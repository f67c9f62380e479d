import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoadScenario } from '../../load/load-scenario';

/**
 * Issue 11's load-and-fault run at full size (the test suite runs the same scenario smaller): 10,000 webhook
 * deliveries with 10 % redeliveries, 20 % Graph 5xx, OpenAI 429 bursts and a stage restart at 40 %.
 */
const EVENTS = Number(process.env.FLOWIA_LOAD_EVENTS ?? 10_000);

export async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowia-bench-load-'));
  try {
    const report = await runLoadScenario({
      events: EVENTS,
      seed: 11,
      duplicateRate: 0.1,
      providerFaultRate: 0.2,
      unreachableRate: 0.01,
      outageRate: 0.01,
      openAiBurstEvery: 40,
      openAiBurstLength: 4,
      restartAfter: 0.4,
      postConcurrency: 8,
      dataDir,
      stallTimeoutMs: 5 * 60_000,
      log: (line) => console.error(`  load: ${line}`),
    });
    const sample = (list: string[]) => list.slice(0, 20);
    return {
      ...report,
      lostCount: report.lost.length,
      duplicateDmCount: report.duplicateDms.length,
      invisibleFailureCount: report.invisibleFailures.length,
      lost: sample(report.lost),
      duplicateDms: sample(report.duplicateDms),
      invisibleFailures: sample(report.invisibleFailures),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
