import { ProviderNotConfiguredError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { youtubeBudget } from '../../../shared/wiring/youtube-budget';

/** This workspace's fair share of the project's YouTube units today (Pacific day), and the project's state. */
export const handler = http.workspace({}, async ({ workspace }) => {
  const budget = youtubeBudget();
  if (!budget) throw new ProviderNotConfiguredError('youtube');
  return json(200, await budget.workspaceQuota(workspace.id));
});
