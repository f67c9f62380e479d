import { previewReplyBody } from './ai';
import { idempotencyKeyHeader, replyBody } from './conversations';
import * as z from './zod';

/**
 * The requests the internal functions accept (shared/services/functions/ports.ts). The calling route has
 * validated the client's input with the same schemas; the function parses again, since a Lambda trusts no event,
 * and a request that does not match fails the invocation (a bug in the caller, answered as a 500).
 */
const identifier = z.string().check(z.minLength(1), z.maxLength(200));

export const sendHumanReplyRequest = z.extend(replyBody, {
  workspaceId: identifier,
  conversationId: identifier,
  userId: identifier,
  idempotencyKey: idempotencyKeyHeader,
});
export type SendHumanReplyRequest = z.infer<typeof sendHumanReplyRequest>;

export const previewReplyRequest = z.extend(previewReplyBody, { workspaceId: identifier });
export type PreviewReplyRequest = z.infer<typeof previewReplyRequest>;
