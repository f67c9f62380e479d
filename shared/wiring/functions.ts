import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaFunctionInvoker } from '../adapters/lambda/lambda-function-invoker';
import { config } from '../config';
import type { FunctionInvoker, InternalFunctionName } from '../services/functions/ports';
import { built } from './container';
import { localStageAdapter } from './local-stage';

/** The environment name holding each internal function's name (infra/resource-needs.ts grants it). */
const FUNCTION_NAME_VARIABLES = {
  sendHumanReply: 'SEND_HUMAN_REPLY_FUNCTION',
  previewReply: 'PREVIEW_REPLY_FUNCTION',
} as const satisfies Record<InternalFunctionName, keyof ReturnType<typeof config>>;

/**
 * Lambda's synchronous Invoke in AWS; on the local stage, its in-process runner, which runs the function's
 * handler with only what the function declares (infra/local/adapters/in-process-functions.ts). There the stage's
 * guard first refuses a call the running handler did not declare (needs.invokes).
 */
export function functionInvoker(): FunctionInvoker {
  return built(functionInvoker, (c) => {
    const inner =
      localStageAdapter('functionInvoker') ??
      new LambdaFunctionInvoker(
        new LambdaClient({ region: c.AWS_REGION }),
        (name) => config()[FUNCTION_NAME_VARIABLES[name]],
      );
    return {
      async invoke(name, request) {
        localStageAdapter('resourceGuard')?.invoke(name);
        return inner.invoke(name, request);
      },
    };
  });
}
