import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { conversationService } from '../../../shared/wiring/inbox';

export const handler = http.workspace({ params: idParams }, async ({ workspace, auth, params }) =>
  json(200, await conversationService().resume(workspace.id, params.id, auth.userId)),
);
