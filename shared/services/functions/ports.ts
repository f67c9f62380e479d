import type { ThreadMessage } from '../../domain/conversations/conversation';
import type { PreviewReplyResponse } from '../../schemas/ai';
import type { PreviewReplyRequest, SendHumanReplyRequest } from '../../schemas/internal-functions';

/**
 * The Lambdas other Lambdas call and wait for (infra/internal-functions.ts): each one's request and answer. They
 * hold what an API route must not: the providers' tokens and clients (a member's reply goes out through the
 * workflow's Sender), the OpenAI key and the engine. The API Lambda keeps the request's checks (token, membership,
 * rate limit, body) and only the grant to invoke.
 */
export interface InternalFunctionCalls {
  sendHumanReply: {
    request: SendHumanReplyRequest;
    response: { status: number; message: ThreadMessage };
  };
  previewReply: { request: PreviewReplyRequest; response: PreviewReplyResponse };
}

export type InternalFunctionName = keyof InternalFunctionCalls;

/** Calls an internal function and waits for its answer; its AppErrors come back as the same AppErrors. */
export interface FunctionInvoker {
  invoke<N extends InternalFunctionName>(
    name: N,
    request: InternalFunctionCalls[N]['request'],
  ): Promise<InternalFunctionCalls[N]['response']>;
}
