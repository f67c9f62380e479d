import type { Context } from 'aws-lambda';
import {
  InternalFunctionError,
  invocationOf,
  valueOfAnswer,
} from '../../../shared/services/functions/internal-answer';
import type {
  FunctionInvoker,
  InternalFunctionCalls,
  InternalFunctionName,
} from '../../../shared/services/functions/ports';
import { internalFunctions } from '../../internal-functions';
import { loadHandler } from '../handlers';
import { lambdaContext } from '../lambda-context';

/**
 * The local stage's Lambda Invoke: the internal function's handler, imported once as a warm container keeps it,
 * runs with only what its own manifest entry declares (loadHandler), never with its caller's environment. As
 * between two Lambdas, the request and the answer cross as JSON text, and a throw is the invocation's
 * FunctionError ('Unhandled' with `{ errorType, errorMessage }`), read by the same code as in AWS.
 */
export class InProcessFunctionInvoker implements FunctionInvoker {
  async invoke<N extends InternalFunctionName>(
    name: N,
    request: InternalFunctionCalls[N]['request'],
  ): Promise<InternalFunctionCalls[N]['response']> {
    const { handler, timeoutSeconds } = internalFunctions[name];
    const run = await loadHandler<(event: unknown, context: Context) => Promise<unknown>>(handler);
    let answer: unknown;
    try {
      answer = await run(
        JSON.parse(JSON.stringify(invocationOf(request))),
        lambdaContext(name, timeoutSeconds),
      );
    } catch (error) {
      const { name: errorType, message: errorMessage } = error as Error;
      throw new InternalFunctionError(name, 'Unhandled', JSON.stringify({ errorType, errorMessage }));
    }
    return valueOfAnswer(name, JSON.stringify(answer ?? null));
  }
}
