import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { endpointParams } from '../../../shared/schemas/webhooks';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace(
  { params: endpointParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params }) => json(200, await webhookService().getEndpoint(workspace.id, params.id)),
);
