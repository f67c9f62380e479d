import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { youtubeReplyBody } from '../../../shared/schemas/youtube';
import { sendFailureError } from '../../../shared/services/social/provider-errors';
import { dmAllowance } from '../../../shared/wiring/quota';
import { youtubeService } from '../../../shared/wiring/youtube';

/** Replies under a YouTube comment (comments.insert, 50 quota units); counts as one DM of the plan's quota. */
export const handler = http.workspace({ body: youtubeReplyBody }, async ({ workspace, body, requestId }) => {
  const youtube = youtubeService();
  const account = await youtube.account(workspace.id, body.accountId);
  const result = await dmAllowance().send(workspace.id, () =>
    youtube.send(account, {
      action: 'reply',
      text: body.text,
      recipient: {
        platformUserId: 'unknown',
        commentId: body.commentId,
        conversationId: null,
        mediaId: null,
      },
      idempotencyKey: `manual-${requestId}`,
    }),
  );
  if (result.status === 'failed') throw sendFailureError('youtube', result.failure);
  return json(200, result);
});
