import { DynamoAiBudgetStore } from '../adapters/dynamo/ai-budget-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { AiBudgetService } from '../services/ai/ai-budget';
import { notificationService } from './notifications';

let budget: AiBudgetService | undefined;
const workspaces = new DynamoWorkspaceStore(stageTable);

/** The monthly AI budget of the plans (one per container): the engine spends it, GET /billing/usage shows it. */
export function aiBudget(): AiBudgetService {
  budget ??= new AiBudgetService({
    store: new DynamoAiBudgetStore(stageTable),
    planOf: async (workspaceId) => (await workspaces.getWorkspace(workspaceId))?.plan,
    notify: (workspaceId, input) => notificationService().notify(workspaceId, input),
  });
  return budget;
}
