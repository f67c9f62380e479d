import { DynamoAiBudgetStore } from '../adapters/dynamo/ai-budget-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { AiBudgetService } from '../services/ai/ai-budget';
import { built } from './container';
import { notificationService } from './notifications';

/** The monthly AI budget of the plans (one per container): the engine spends it, GET /billing/usage shows it. */
export function aiBudget(): AiBudgetService {
  return built(aiBudget, () => {
    const workspaces = new DynamoWorkspaceStore(stageTable);
    return new AiBudgetService({
      store: new DynamoAiBudgetStore(stageTable),
      planOf: async (workspaceId) => (await workspaces.getWorkspace(workspaceId))?.plan,
      notify: (workspaceId, input) => notificationService().notify(workspaceId, input),
    });
  });
}
