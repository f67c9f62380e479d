import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../../shared/services/engine/ports';
import { carriedTrace, TRACE_FIELD } from '../../../shared/workflow/step';

const entry = (step: string, at: string, overrides: Partial<TraceEntry> = {}): TraceEntry => ({
  workspaceId: 'ws-1',
  dedupeKey: 'instagram:message:m1',
  correlationId: 'c1',
  step,
  attemptId: `${step}-${at}`,
  at,
  durationMs: 3,
  message: {},
  input: {},
  decision: null,
  reason: null,
  error: null,
  ...overrides,
});

describe('Function: carriedTrace', () => {
  it("gathers the first step's entry from the state and each later one from its result, in order", () => {
    // Prepare
    const state = {
      messageId: 'q1',
      [TRACE_FIELD]: entry('LogInteraction', '2026-01-01T00:00:00.000Z'),
      plan: { plan: 'ultra', [TRACE_FIELD]: entry('CheckPlan', '2026-01-01T00:00:00.020Z') },
      match: { scenario: null, [TRACE_FIELD]: entry('MatchScenario', '2026-01-01T00:00:00.010Z') },
      reply: { text: 'x' },
    };

    // Act
    const entries = carriedTrace(state, 'instagram:message:m1');

    // Assess
    expect(entries.map((e) => e.step)).toEqual(['LogInteraction', 'MatchScenario', 'CheckPlan']);
  });

  it("keeps each attempt once and ignores another interaction's entries and anything malformed", () => {
    // Prepare
    const logged = entry('LogInteraction', '2026-01-01T00:00:00.000Z');
    const state = {
      [TRACE_FIELD]: logged,
      copy: { [TRACE_FIELD]: logged },
      other: {
        [TRACE_FIELD]: entry('CheckPlan', '2026-01-01T00:00:01.000Z', { dedupeKey: 'tiktok:message:x' }),
      },
      broken: { [TRACE_FIELD]: { step: 'Decide' } },
      list: [{ [TRACE_FIELD]: entry('Decide', '2026-01-01T00:00:02.000Z') }],
    };

    // Act
    const entries = carriedTrace(state, 'instagram:message:m1');

    // Assess
    expect(entries).toEqual([logged]);
  });

  it('finds nothing in an input that is not an object', () => {
    // Act
    const entries = carriedTrace(null, 'instagram:message:m1');

    // Assess
    expect(entries).toEqual([]);
  });
});
