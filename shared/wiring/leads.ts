import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadService } from '../services/leads/lead-service';
import { aiEngineFor } from './ai';
import { funnelRecorder } from './analytics';
import { integrationService } from './crm';
import { retentionPolicy } from './retention';
import { webhookEvents } from './webhooks';

let service: LeadService | undefined;

/** The leads dashboard's service; edits queue CRM syncs through the integrations' outbox. */
export function leadService(): LeadService {
  service ??= new LeadService(
    new DynamoLeadStore(stageTable),
    async (workspaceId) => (await aiEngineFor(workspaceId)).engine,
    integrationService(),
    webhookEvents(),
    retentionPolicy(),
    () => new Date(),
    funnelRecorder(),
  );
  return service;
}
