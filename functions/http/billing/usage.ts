import { NotFoundError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { billingStore } from '../../../shared/wiring/billing';
import { quotaService } from '../../../shared/wiring/quota';

export const handler = http.workspace({}, async ({ workspace }) => {
  const account = await billingStore().getAccount(workspace.id);
  if (!account) throw new NotFoundError('Workspace not found.');
  return json(
    200,
    await quotaService().usage({ id: account.workspaceId, plan: account.plan, timezone: account.timezone }),
  );
});
