import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { billingService } from '../../../shared/wiring/billing';

export const handler = http.workspace({ minRole: 'admin' }, async ({ workspace }) =>
  json(200, await billingService().createPortal(workspace.id)),
);
