import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadService } from '../services/leads/lead-service';
import { aiEngine } from './ai';
import { integrationService } from './crm';

let service: LeadService | undefined;

/** The leads dashboard's service; edits queue CRM syncs through the integrations' outbox. */
export function leadService(): LeadService {
  service ??= new LeadService(new DynamoLeadStore(), aiEngine, integrationService());
  return service;
}
