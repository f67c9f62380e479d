import { stageTable } from '../adapters/dynamo/client';
import { DynamoContactDataStore } from '../adapters/dynamo/contact-data-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { ContactRightsService } from '../services/leads/contact-rights';
import { auditLog } from './audit';
import { crmEraser } from './crm';
import { notificationService } from './notifications';
import { retentionPolicy } from './retention';

let service: ContactRightsService | undefined;

/** GET /leads/{id}/export and DELETE /leads/{id}. */
export function contactRights(): ContactRightsService {
  service ??= new ContactRightsService({
    leads: new DynamoLeadStore(stageTable),
    contacts: new DynamoContactDataStore(stageTable),
    crm: crmEraser(),
    notifications: notificationService(),
    retention: retentionPolicy(),
    audit: auditLog(),
  });
  return service;
}
