import { describe, expect, it } from 'vitest';
import { InProcessFunctionInvoker } from '../../../infra/local/adapters/in-process-functions';
import { internalFunction } from '../../../shared/entry/internal-function';
import { ConflictError, ValidationError } from '../../../shared/errors';
import { scopedLogKey } from '../../../shared/observability/logger';
import { previewReplyRequest } from '../../../shared/schemas/internal-functions';
import { InternalFunctionError } from '../../../shared/services/functions/internal-answer';

const request = { workspaceId: 'w-1', text: 'Prix ?' };
const invocation = { request, correlationId: 'req-1' };

describe('Function: internalFunction', () => {
  it('answers the value the service returns, the request parsed with its schema (defaults applied)', async () => {
    // Prepare
    const seen: unknown[] = [];
    const handler = internalFunction('previewReply', previewReplyRequest, async (parsed) => {
      seen.push({ parsed, correlationId: scopedLogKey('correlation_id') });
      return { reply: 'Bonjour' } as never;
    });

    // Act
    const answer = await handler(invocation);

    // Assess: its log lines carry the caller's correlation id.
    expect(answer).toEqual({ ok: true, value: { reply: 'Bonjour' } });
    expect(seen).toEqual([
      {
        parsed: expect.objectContaining({ platform: 'instagram', kind: 'comment', instruction: null }),
        correlationId: 'req-1',
      },
    ]);
  });

  it('answers an AppError as the error the calling route returns: status, code, message, details', async () => {
    // Prepare
    const handler = internalFunction('previewReply', previewReplyRequest, async () => {
      throw new ValidationError('The sample is empty.', [{ path: 'text', message: 'required' }]);
    });

    // Act
    const answer = await handler(invocation);

    // Assess
    expect(answer).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'The sample is empty.',
        details: [{ path: 'text', message: 'required' }],
      },
    });
  });

  it('fails the invocation on any other error, and on a request its schema refuses (a caller’s bug)', async () => {
    // Prepare
    const handler = internalFunction('previewReply', previewReplyRequest, async () => {
      throw new TypeError('boom');
    });

    // Act / Assess
    await expect(handler(invocation)).rejects.toThrow(TypeError);
    await expect(handler({ request: { workspaceId: 'w-1' } })).rejects.toThrow(
      /Invalid event: request\.text/,
    );
    await expect(handler(request)).rejects.toThrow(/Invalid event: request/);
  });
});

describe('Class: InProcessFunctionInvoker (the local stage’s Lambda Invoke)', () => {
  describe('Method: invoke', () => {
    it('reports what the function threw as a FunctionError would be: an InternalFunctionError, never an AppError', async () => {
      // Act: the real previewReply handler, given a request its schema refuses (no text): nothing is read.
      const failure = await new InProcessFunctionInvoker()
        .invoke('previewReply', { workspaceId: 'w-1' } as never)
        .catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(InternalFunctionError);
      expect(failure).not.toBeInstanceOf(ConflictError);
      expect(failure).toMatchObject({ functionName: 'previewReply', kind: 'Unhandled' });
      expect(JSON.parse((failure as InternalFunctionError).payload)).toMatchObject({
        errorType: 'ValidationError',
        errorMessage: expect.stringContaining('text'),
      });
    });
  });
});
