import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { conversationQuery } from '../../../shared/schemas/conversations';
import { idParams } from '../../../shared/schemas/params';
import { conversationService } from '../../../shared/wiring/inbox';

/** The conversation and its thread; opening it marks it read for the caller. */
export const handler = http.workspace(
  { params: idParams, query: conversationQuery },
  async ({ workspace, auth, params, query }) =>
    json(200, await conversationService().get(workspace.id, params.id, auth.userId, query.cursor)),
);
