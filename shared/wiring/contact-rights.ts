import { stageTable } from '../adapters/dynamo/client';
import { DynamoContactDataStore } from '../adapters/dynamo/contact-data-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { ContactRightsService } from '../services/leads/contact-rights';
import { auditLog } from './audit';
import { built } from './container';
import { crmEraser } from './crm';
import { notificationService } from './notifications';

/** DELETE /leads/{id}: the contact's items, then the CRM records. */
export function contactRights(): ContactRightsService {
  return built(
    contactRights,
    () =>
      new ContactRightsService({
        leads: new DynamoLeadStore(stageTable),
        contacts: new DynamoContactDataStore(stageTable),
        crm: crmEraser(),
        notifications: notificationService(),
        audit: auditLog(),
      }),
  );
}
