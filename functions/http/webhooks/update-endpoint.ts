import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { updateEndpointBody } from '../../../shared/schemas/webhooks';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace(
  { params: idParams, body: updateEndpointBody, minRole: 'admin', apiKeys: false },
  async ({ workspace, params, body }) =>
    json(200, await webhookService().updateEndpoint(workspace.id, params.id, body)),
);
