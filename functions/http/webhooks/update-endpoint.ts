import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { endpointParams, updateEndpointBody } from '../../../shared/schemas/webhooks';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace(
  { params: endpointParams, body: updateEndpointBody, minRole: 'admin', apiKeys: false },
  async ({ workspace, params, body }) =>
    json(200, await webhookService().updateEndpoint(workspace.id, params.id, body)),
);
