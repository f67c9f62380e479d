import { internalFunction } from '../../shared/entry/internal-function';
import { sendHumanReplyRequest } from '../../shared/schemas/internal-functions';
import { humanReplyService } from '../../shared/wiring/human-reply';

/**
 * A member's reply from the inbox (POST /conversations/{id}/messages, which checked the caller and the body),
 * through the workflow's Sender: the providers, their tokens and the LinkedIn queue live here, not in the API.
 */
export const handler = internalFunction('sendHumanReply', sendHumanReplyRequest, (request) =>
  humanReplyService().reply(
    request.workspaceId,
    request.conversationId,
    request.userId,
    request.text,
    request.idempotencyKey,
  ),
);
