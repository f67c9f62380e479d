import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { patchConversationBody } from '../../../shared/schemas/conversations';
import { idParams } from '../../../shared/schemas/params';
import { conversationService } from '../../../shared/wiring/inbox';

export const handler = http.workspace(
  { params: idParams, body: patchConversationBody },
  async ({ workspace, auth, params, body }) =>
    json(200, await conversationService().update(workspace.id, params.id, auth.userId, body)),
);
