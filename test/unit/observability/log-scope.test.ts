import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withCorrelationId } from '../../../shared/observability/invocation';
import { logger } from '../../../shared/observability/logger';
import type { TraceStore } from '../../../shared/services/engine/ports';
import { workflowStep } from '../../../shared/workflow/step';
import { captureStdout } from '../../support/capture-stdout';

beforeEach(() => logger.setLogLevel('INFO'));
afterEach(() => logger.setLogLevel('SILENT'));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Interleaves units of work the way the local stage does: one process, many executions in flight. */
async function interleaved(count: number, unit: (i: number) => Promise<void>) {
  await Promise.all(Array.from({ length: count }, (_, i) => unit(i)));
}

describe('Log scopes: keys of concurrent units of work never cross', () => {
  it('keeps each correlation id on its own lines, and none after its scope ends', async () => {
    // Prepare
    const capture = captureStdout();

    // Act
    try {
      await interleaved(6, (i) =>
        withCorrelationId(`corr-${i}`, async () => {
          logger.info('start', { unit: i });
          await pause(5 * (6 - i));
          logger.info('end', { unit: i });
        }),
      );
      logger.info('after every scope');
    } finally {
      capture.restore();
    }

    // Assess
    const lines = capture.json();
    for (const line of lines.filter((l) => l.unit !== undefined))
      expect(line.correlation_id, JSON.stringify(line)).toBe(`corr-${line.unit}`);
    expect(lines.filter((l) => l.unit !== undefined)).toHaveLength(12);
    expect(lines.find((l) => l.message === 'after every scope')).not.toHaveProperty('correlation_id');
  });

  it("labels each workflow step's lines with that step, even when steps of other executions run meanwhile", async () => {
    // Prepare: the steps' trace store in memory (these inputs carry no message, so nothing is recorded)
    const traces: TraceStore = { record: async () => 0 };
    const capture = captureStdout();
    const steps = ['MatchScenario', 'Decide', 'Send'].map((name, i) =>
      workflowStep<{ n: number }, string>(
        {
          name,
          run: async (input) => {
            await pause(5 * (3 - i));
            logger.info('inside step', { step: name, n: input.n });
            return name;
          },
        },
        traces,
      ),
    );

    // Act
    try {
      await interleaved(3, (i) => steps[i]!({ n: i }).then(() => undefined));
    } finally {
      capture.restore();
    }

    // Assess
    const inside = capture.json().filter((line) => line.message === 'inside step');
    expect(inside).toHaveLength(3);
    for (const line of inside) expect(line.workflow_step).toBe(line.step);
    const summaries = capture.json().filter((line) => line.message === 'workflow step');
    expect(summaries.map((line) => line.workflow_step).sort()).toEqual(['Decide', 'MatchScenario', 'Send']);
  });
});
