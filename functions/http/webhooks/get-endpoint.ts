import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params }) => json(200, await webhookService().getEndpoint(workspace.id, params.id)),
);
