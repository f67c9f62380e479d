import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFlush, encodeFlush, type FlushedAttempt } from '../../../shared/adapters/dynamo/trace-flush';

const attempt = (overrides: Partial<FlushedAttempt> = {}): FlushedAttempt => ({
  step: 'Send',
  attemptId: 'a1b2c3d4e5f6',
  at: '2030-01-10T10:00:00.123Z',
  durationMs: 45,
  correlationId: 'corr-1',
  input: { plan: 'ultra 0/∞', scenario: 'Every DM', decision: 'reply' },
  decision: 'reply:sent',
  reason: 'sent',
  error: null,
  ...overrides,
});

describe('Function: encodeFlush / decodeFlush (the attempts of one trace write, compressed)', () => {
  it('gives back every attempt as it was, in order, whatever its fields', () => {
    // Prepare: nulls, an error, another correlation id (a redelivery), and an `at` that is no ISO instant
    const attempts = [
      attempt({ step: 'LogInteraction', attemptId: 'x1', input: {}, decision: 'logged', reason: null }),
      attempt({ attemptId: 'x2', at: '2030-01-10T10:00:01.000Z', decision: null, reason: null }),
      attempt({
        attemptId: 'x3',
        at: '2030-01-10T10:00:02.5Z',
        correlationId: 'corr-2',
        error: { name: 'TimeoutError', message: 'Graph did not answer' },
      }),
      attempt({ step: 'Complete', attemptId: 'x4', at: '2030-01-10T09:59:59.999Z', decision: 'done' }),
    ];

    // Act
    const decoded = decodeFlush(encodeFlush(attempts));

    // Assess
    expect(decoded).toEqual(attempts);
  });

  it('writes the same bytes for the same attempts (a flush written again changes nothing)', () => {
    const attempts = [attempt({ attemptId: 'y1' }), attempt({ attemptId: 'y2', step: 'Complete' })];
    expect(
      Buffer.from(encodeFlush(attempts)).equals(Buffer.from(encodeFlush(structuredClone(attempts)))),
    ).toBe(true);
  });

  it('refuses an empty flush and a format it does not know', () => {
    expect(() => encodeFlush([])).toThrow();
    expect(() => decodeFlush(brotliCompressSync(JSON.stringify({ v: 2, c: '', t: '', a: [] })))).toThrow(
      /format 2/,
    );
  });
});
