import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { integrationService } from '../../../shared/wiring/crm-integrations';

export const handler = http.workspace({ minRole: 'admin' }, async ({ workspace }) =>
  json(200, { items: await integrationService().list(workspace.id), nextCursor: null }),
);
