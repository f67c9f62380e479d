import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { createEndpointBody } from '../../../shared/schemas/webhooks';
import { webhookService } from '../../../shared/wiring/webhooks';

/** POST /webhooks/endpoints (owner or admin): the signing secret is in this answer only. */
export const handler = http.workspace(
  { body: createEndpointBody, minRole: 'admin', apiKeys: false },
  async ({ workspace, body }) => json(201, await webhookService().createEndpoint(workspace.id, body)),
);
