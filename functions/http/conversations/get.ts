import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { conversationIdParams } from '../../../shared/schemas/conversations';
import { conversationService } from '../../../shared/wiring/conversations';

export const handler = http.workspace({ params: conversationIdParams }, async ({ workspace, params }) =>
  json(200, await conversationService().get(workspace.id, params.id)),
);
