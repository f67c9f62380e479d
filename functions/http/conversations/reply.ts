import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { conversationIdParams, idempotencyKeyHeader, replyBody } from '../../../shared/schemas/conversations';
import { humanReplyService } from '../../../shared/wiring/human-reply';

/**
 * A member's reply. `Idempotency-Key` (recommended) makes a retried request answer the first one's message
 * without a second send; without it every request is a new reply.
 */
export const handler = http.workspace(
  { params: conversationIdParams, body: replyBody },
  async ({ workspace, auth, params, body, headers }) => {
    const header = headers['idempotency-key'];
    const key = header === undefined ? randomUUID() : idempotencyKeyHeader.safeParse(header);
    if (typeof key !== 'string' && !key.success)
      throw new ValidationError('The Idempotency-Key header is invalid.', [
        { path: 'Idempotency-Key', message: 'printable ASCII without spaces, at most 255 characters' },
      ]);
    const result = await humanReplyService().reply(
      workspace.id,
      params.id,
      auth.userId,
      body.text,
      typeof key === 'string' ? key : key.data,
    );
    return json(result.status, { message: result.message });
  },
);
