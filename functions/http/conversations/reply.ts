import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idempotencyKeyHeader, replyBody } from '../../../shared/schemas/conversations';
import { idParams } from '../../../shared/schemas/params';
import { functionInvoker } from '../../../shared/wiring/functions';

/**
 * A member's reply. `Idempotency-Key` (recommended) makes a retried request answer the first one's message
 * without a second send; without it every request is a new reply (its key is drawn here, so a retried invoke
 * is still the same reply). The send runs in the sendHumanReply internal function, which holds the providers.
 */
export const handler = http.workspace(
  { params: idParams, body: replyBody },
  async ({ workspace, auth, params, body, headers }) => {
    const header = headers['idempotency-key'];
    const key = header === undefined ? randomUUID() : idempotencyKeyHeader.safeParse(header);
    if (typeof key !== 'string' && !key.success)
      throw new ValidationError('The Idempotency-Key header is invalid.', [
        { path: 'Idempotency-Key', message: 'printable ASCII without spaces, at most 255 characters' },
      ]);
    const result = await functionInvoker().invoke('sendHumanReply', {
      workspaceId: workspace.id,
      conversationId: params.id,
      userId: auth.userId,
      text: body.text,
      idempotencyKey: typeof key === 'string' ? key : key.data,
    });
    return json(result.status, { message: result.message });
  },
);
