import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { webhookService } from '../../../shared/wiring/webhooks';

/** POST /webhooks/deliveries/{id}/replay (owner or admin): due again now, the same event with a fresh signature. */
export const handler = http.workspace(
  { params: idParams, minRole: 'admin', apiKeys: false },
  async ({ workspace, params }) => json(202, await webhookService().replay(workspace.id, params.id)),
);
