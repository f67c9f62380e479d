import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { correlationIdOf, observed, withCorrelationId } from '../../../shared/observability/invocation';
import { logger } from '../../../shared/observability/logger';
import { countMetric, MetricName, setMetricsOutput } from '../../../shared/observability/metrics';
import { captureStdout } from '../../support/capture-stdout';

const context = { functionName: 'workflow-send', awsRequestId: 'req-1' } as Context;

beforeEach(() => logger.setLogLevel('INFO'));
afterEach(() => {
  logger.setLogLevel('SILENT');
  setMetricsOutput(undefined);
});

describe('Function: correlationIdOf', () => {
  it('finds the id in a message, a workflow state, a Pipe batch and an SQS record body', () => {
    expect(correlationIdOf({ correlationId: 'a-1' })).toBe('a-1');
    expect(correlationIdOf({ message: { correlationId: 'b-2' }, decision: {} })).toBe('b-2');
    expect(correlationIdOf([{ correlationId: 'c-3' }, { correlationId: 'other' }])).toBe('c-3');
    expect(correlationIdOf({ Records: [{ body: JSON.stringify({ correlationId: 'd-4' }) }] })).toBe('d-4');
    expect(correlationIdOf([{ body: JSON.stringify({ correlationId: 'e-5' }) }])).toBe('e-5');
  });

  it('ignores absent and unsafe values', () => {
    expect(correlationIdOf({})).toBeUndefined();
    expect(correlationIdOf(null)).toBeUndefined();
    expect(correlationIdOf({ correlationId: 'bad id <script>' })).toBeUndefined();
  });
});

describe('Function: withCorrelationId', () => {
  it('tags every line written inside with correlation_id and removes it afterwards, also on error', async () => {
    // Prepare
    const capture = captureStdout();
    // Act
    try {
      await withCorrelationId('msg-42', async () => logger.info('inside'));
      await expect(
        withCorrelationId('msg-43', async () => {
          logger.info('failing');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      logger.info('outside');
    } finally {
      capture.restore();
    }
    // Assess
    const lines = capture.json();
    expect(lines.find((l) => l.message === 'inside')?.correlation_id).toBe('msg-42');
    expect(lines.find((l) => l.message === 'failing')?.correlation_id).toBe('msg-43');
    expect(lines.find((l) => l.message === 'outside')?.correlation_id).toBeUndefined();
  });
});

describe('Function: observed', () => {
  it('wraps a queue/workflow handler: correlation id from the event, metrics flushed at the end', async () => {
    // Prepare
    setMetricsOutput(true);
    const handler = observed(async (event: { message: { correlationId: string } }) => {
      logger.info('processing');
      countMetric(MetricName.MessagesProcessed);
      return event.message.correlationId;
    });
    const capture = captureStdout();
    // Act
    let result: string;
    try {
      result = await handler({ message: { correlationId: 'wf-7' } }, context);
    } finally {
      capture.restore();
    }
    // Assess
    expect(result).toBe('wf-7');
    const lines = capture.json();
    expect(lines.find((l) => l.message === 'processing')).toMatchObject({
      correlation_id: 'wf-7',
      function_name: 'workflow-send',
    });
    expect(lines.some((l) => l.MessagesProcessed === 1 && typeof l._aws === 'object')).toBe(true);
  });
});
