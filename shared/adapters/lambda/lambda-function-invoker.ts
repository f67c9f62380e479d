import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { InternalFunctionError, invocationOf, valueOfAnswer } from '../../services/functions/internal-answer';
import type {
  FunctionInvoker,
  InternalFunctionCalls,
  InternalFunctionName,
} from '../../services/functions/ports';

/**
 * Lambda's synchronous Invoke (InvocationType RequestResponse,
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): the request (with the caller's correlation id: `invocationOf`) as the JSON payload, the function's
 * return value as the response payload. "FunctionError: if present, indicates that an error occurred during
 * function execution. Details about the error are included in the response payload" (`{ errorType,
 * errorMessage }`: a throw, a timeout, out of memory): an InternalFunctionError. Throttling and Lambda's own
 * 5xx are retried by the SDK's standard retry strategy; an internal function is safe to run twice (a reply is
 * idempotent by its key, a preview writes nothing the second run changes).
 */
export class LambdaFunctionInvoker implements FunctionInvoker {
  constructor(
    private readonly client: LambdaClient,
    /** Each internal function's name or ARN, from the caller's environment (read on each call). */
    private readonly functionNameOf: (name: InternalFunctionName) => string | undefined,
  ) {}

  async invoke<N extends InternalFunctionName>(
    name: N,
    request: InternalFunctionCalls[N]['request'],
  ): Promise<InternalFunctionCalls[N]['response']> {
    const functionName = this.functionNameOf(name);
    if (!functionName)
      throw new InternalFunctionError(
        name,
        'not configured',
        'no function name in the environment: declare needs.invokes',
      );
    const result = await this.client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(invocationOf(request))),
      }),
    );
    const payload = result.Payload ? new TextDecoder().decode(result.Payload) : '';
    if (result.FunctionError) throw new InternalFunctionError(name, result.FunctionError, payload);
    return valueOfAnswer(name, payload);
  }
}
