import type { Context } from 'aws-lambda';
import { AppError } from '../errors';
import * as z from '../schemas/zod';
import { failedAnswer, type InternalAnswer, type Invocation } from '../services/functions/internal-answer';
import type { InternalFunctionCalls, InternalFunctionName } from '../services/functions/ports';
import { lambdaEntry } from './entry';

/**
 * An internal function's entry (infra/internal-functions.ts) on the common chain: the invocation's request is
 * parsed with `request` (a bad one fails the invocation), its log lines carry the caller's correlation id, and an
 * AppError the service throws is answered, not thrown, so the calling route maps it exactly as it would in
 * process. Other errors fail the invocation (Lambda's FunctionError).
 */
export function internalFunction<N extends InternalFunctionName>(
  name: N,
  request: z.ZodMiniType<InternalFunctionCalls[N]['request']>,
  run: (
    request: InternalFunctionCalls[N]['request'],
    context: Context,
  ) => Promise<InternalFunctionCalls[N]['response']>,
): (event: unknown, context?: Context) => Promise<InternalAnswer<InternalFunctionCalls[N]['response']>> {
  return lambdaEntry(
    async (event: Invocation<InternalFunctionCalls[N]['request']>, context: Context) => {
      try {
        return { ok: true as const, value: await run(event.request, context) };
      } catch (error) {
        if (error instanceof AppError) return failedAnswer(error);
        throw error;
      }
    },
    {
      input: z.object({ request, correlationId: z.optional(z.string().check(z.maxLength(200))) }),
      // Read before the event is parsed: only a string is taken.
      logKeys: (event) => ({
        internal_function: name,
        ...(typeof event?.correlationId === 'string' ? { correlation_id: event.correlationId } : {}),
      }),
    },
  );
}
