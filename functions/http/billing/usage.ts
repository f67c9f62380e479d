import { NotFoundError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { aiBudget } from '../../../shared/wiring/ai-budget';
import { billingStore } from '../../../shared/wiring/billing-store';
import { quotaService } from '../../../shared/wiring/quota';

export const handler = http.workspace({}, async ({ workspace }) => {
  const account = await billingStore().getAccount(workspace.id);
  if (!account) throw new NotFoundError('Workspace not found.');
  const [dm, ai] = await Promise.all([
    quotaService().usage({ id: account.workspaceId, plan: account.plan, timezone: account.timezone }),
    aiBudget().usage(account.workspaceId, account.plan),
  ]);
  return json(200, { ...dm, ai });
});
