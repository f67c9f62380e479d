import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { conversationIdParams } from '../../../shared/schemas/conversations';
import { conversationService } from '../../../shared/wiring/inbox';

export const handler = http.workspace({ params: conversationIdParams }, async ({ workspace, auth, params }) =>
  json(200, await conversationService().pause(workspace.id, params.id, auth.userId)),
);
