import type { Context } from 'aws-lambda';
import { AppError } from '../errors';
import type * as z from '../schemas/zod';
import { failedAnswer, type InternalAnswer } from '../services/functions/internal-answer';
import type { InternalFunctionCalls, InternalFunctionName } from '../services/functions/ports';
import { lambdaEntry } from './entry';

/**
 * An internal function's entry (infra/internal-functions.ts) on the common chain: the request is parsed with
 * `request` (a bad one fails the invocation), and an AppError the service throws is answered, not thrown, so the
 * calling route maps it exactly as it would in process. Other errors fail the invocation (FunctionError).
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
    async (event: InternalFunctionCalls[N]['request'], context: Context) => {
      try {
        return { ok: true as const, value: await run(event, context) };
      } catch (error) {
        if (error instanceof AppError) return failedAnswer(error);
        throw error;
      }
    },
    { input: request, logKeys: () => ({ internalFunction: name }) },
  );
}
