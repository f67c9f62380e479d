import { stageTable } from '../adapters/dynamo/client';
import { DynamoCrmStateStore } from '../adapters/dynamo/crm-state-store';
import { DynamoIntegrationStore } from '../adapters/dynamo/integration-store';
import { DynamoPendingGrantStore } from '../adapters/dynamo/pending-grant-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { IntegrationService } from '../services/crm/integration-service';
import { built } from './container';
import { tokenVault } from './vault';

/** The /integrations routes and the CRM outbox lead edits write to: the table and the vault, no CRM client. */
export function integrationService(): IntegrationService {
  return built(
    integrationService,
    () =>
      new IntegrationService(
        new DynamoIntegrationStore(stageTable),
        new DynamoWorkspaceStore(stageTable),
        new DynamoCrmStateStore(stageTable),
        tokenVault(),
        new DynamoPendingGrantStore(stageTable),
      ),
  );
}
