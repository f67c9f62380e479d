import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listDeliveriesQuery } from '../../../shared/schemas/webhooks';
import { webhookService } from '../../../shared/wiring/webhooks';

/** GET /webhooks/deliveries (owner or admin): newest first, each with its attempts and the event it carries. */
export const handler = http.workspace(
  { query: listDeliveriesQuery, minRole: 'admin', apiKeys: false },
  async ({ workspace, query }) => json(200, await webhookService().listDeliveries(workspace.id, query)),
);
