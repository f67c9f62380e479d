import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadEditor } from '../services/leads/lead-service';
import { funnelCredits } from './analytics';
import { built } from './container';
import { integrationService } from './crm-integrations';
import { webhookEvents } from './webhooks';

/** PATCH /leads/{id}: edits queue CRM syncs through the integrations' outbox and emit the outbound webhooks. */
export function leadEditor(): LeadEditor {
  return built(
    leadEditor,
    () =>
      new LeadEditor(
        new DynamoLeadStore(stageTable),
        integrationService(),
        webhookEvents(),
        () => new Date(),
        funnelCredits(),
      ),
  );
}
