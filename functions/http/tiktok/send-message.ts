import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { tiktokSendMessageBody } from '../../../shared/schemas/tiktok';
import { sendFailureError } from '../../../shared/services/social/provider-errors';
import { dmAllowance } from '../../../shared/wiring/quota';
import { tiktokService } from '../../../shared/wiring/tiktok';

/**
 * Replies under a TikTok comment, as one DM of the plan's daily quota; a DM is refused with not_supported
 * (TikTok has no public DM API).
 */
export const handler = http.workspace(
  { body: tiktokSendMessageBody },
  async ({ workspace, body, requestId }) => {
    const tiktok = tiktokService();
    const account = await tiktok.account(workspace.id, body.accountId);
    const result = await dmAllowance().send(workspace.id, () =>
      tiktok.send(account, {
        action: body.action,
        text: body.text,
        recipient: {
          platformUserId: body.recipientId ?? 'unknown',
          commentId: body.commentId ?? null,
          conversationId: null,
          mediaId: body.videoId ?? null,
        },
        idempotencyKey: `manual-${requestId}`,
      }),
    );
    if (result.status === 'failed') throw sendFailureError('tiktok', result.failure);
    return json(200, result);
  },
);
