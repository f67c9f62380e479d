import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { webhookService } from '../../../shared/wiring/webhooks';

export const handler = http.workspace({ minRole: 'admin', apiKeys: false }, async ({ workspace }) =>
  json(200, { items: await webhookService().listEndpoints(workspace.id), nextCursor: null }),
);
