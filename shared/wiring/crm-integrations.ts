import { stageTable } from '../adapters/dynamo/client';
import { DynamoIntegrationStore } from '../adapters/dynamo/integration-store';
import { DynamoPendingGrantStore } from '../adapters/dynamo/pending-grant-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { IntegrationService } from '../services/crm/integration-service';
import { built } from './container';
import { tokenVault } from './vault';

/** The /integrations routes: the table and the vault, no CRM client (lead edits queue syncs through `CrmOutbox`). */
export function integrationService(): IntegrationService {
  return built(
    integrationService,
    () =>
      new IntegrationService(
        new DynamoIntegrationStore(stageTable),
        new DynamoWorkspaceStore(stageTable),
        tokenVault(),
        new DynamoPendingGrantStore(stageTable),
      ),
  );
}
