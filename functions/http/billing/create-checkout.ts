import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { checkoutBody } from '../../../shared/schemas/billing';
import { billingService } from '../../../shared/wiring/billing';

export const handler = http.workspace(
  { body: checkoutBody, minRole: 'admin' },
  async ({ workspace, auth, body }) =>
    json(200, await billingService().createCheckout(workspace.id, { email: auth.email }, body.plan)),
);
