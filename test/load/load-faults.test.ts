import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LoadReport, runLoadScenario } from './load-scenario';

/**
 * Issue 11's load-and-fault check on the local stage, at test size (FLOWIA_LOAD_EVENTS, default 300; the bench
 * runs the same scenario with 10,000): redeliveries (10 %, half of them concurrent), Graph 5xx on 20 % of the
 * sends, OpenAI 429 bursts, people who cannot be reached (551) or whose sends always fail (5xx until the DLQ),
 * and the stage stopped and started again on its data dir mid-run.
 */
const events = Number(process.env.FLOWIA_LOAD_EVENTS ?? 300);
const dataDir = mkdtempSync(join(tmpdir(), 'flowia-load-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Load: webhooks → workflow → DMs under faults', () => {
  let report: LoadReport;

  it('loses no interaction, sends no duplicate DM, and shows every failure', async () => {
    report = await runLoadScenario({
      events,
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
      stallTimeoutMs: 90_000,
    });

    // The faults really happened, or the assertions below would prove nothing.
    expect(report.redeliveries).toBe(Math.round(events * 0.1));
    expect(report.restarts).toBe(1);
    expect(report.injectedProviderFaults).toBeGreaterThan(0);
    expect(report.openAiRateLimited).toBeGreaterThan(0);
    expect(report.planted.unreachable).toBeGreaterThan(0);
    expect(report.planted.outage).toBeGreaterThan(0);

    expect(report.lost).toEqual([]);
    expect(report.duplicateDms).toEqual([]);
    expect(report.invisibleFailures).toEqual([]);
    // Each message ended as its person was set up: answered (5xx retried), 551 on the lead, outage in the DLQ.
    expect(report.unexpectedOutcomes).toEqual([]);
    expect(report.visibleFailures).toEqual({
      deadLetters: report.planted.outage,
      onLead: report.planted.unreachable,
      onSendRecord: 0,
    });
    expect(report.unrecordedProviderFaults).toBe(0);
    expect(report.dmsSent).toBeGreaterThan(0);
    // Ultra: no quota in the way, and every unit taken is accounted for by a send record.
    expect(report.quota).toMatchObject({ plan: 'ultra', quotaBlocked: 0 });
    expect(report.quota.dmSentToday).toBe(report.quota.unitsOnSendRecords);
    // A safety net against a hang, not a speed check: the drain's own bound is on progress (stallTimeoutMs).
  }, 600_000);
});
