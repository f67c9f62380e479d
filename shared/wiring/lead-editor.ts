import { stageTable } from '../adapters/dynamo/client';
import { DynamoCrmStateStore } from '../adapters/dynamo/crm-state-store';
import { DynamoIntegrationStore } from '../adapters/dynamo/integration-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { CrmOutbox } from '../services/crm/crm-outbox';
import { LeadEditor } from '../services/leads/lead-service';
import { funnelCredits } from './analytics';
import { built } from './container';
import { webhookEvents } from './webhooks';

/** PATCH /leads/{id}: edits queue CRM syncs through the integrations' outbox and emit the outbound webhooks. */
export function leadEditor(): LeadEditor {
  return built(
    leadEditor,
    () =>
      new LeadEditor(
        new DynamoLeadStore(stageTable),
        new CrmOutbox(new DynamoIntegrationStore(stageTable), new DynamoCrmStateStore(stageTable)),
        webhookEvents(),
        () => new Date(),
        funnelCredits(),
      ),
  );
}
