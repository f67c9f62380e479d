import type { Lead } from '../../domain/leads/lead';
import * as keys from './keys';

/**
 * The one place that knows how a lead is laid out in the table: its main key plus three GSI views
 * (recency, status, score). Every writer goes through toLeadItem so the GSI keys never drift from the fields.
 */
export function leadIndexKeys(
  lead: Pick<Lead, 'id' | 'workspaceId' | 'status' | 'score' | 'lastInteractionAt'>,
) {
  return {
    ...keys.leadByRecency(lead.workspaceId, lead.lastInteractionAt, lead.id),
    ...keys.leadByStatus(lead.workspaceId, lead.status, lead.lastInteractionAt, lead.id),
    ...keys.leadByScore(lead.workspaceId, lead.score, lead.lastInteractionAt, lead.id),
  };
}

export function toLeadItem(lead: Lead): Record<string, unknown> {
  return { ...keys.lead(lead.workspaceId, lead.id), ...leadIndexKeys(lead), type: 'lead', ...lead };
}

const STORAGE_KEYS = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'type',
  'ttl',
]);

/**
 * The lead of a stored item: its attributes without the storage keys, over the defaults of fields older items
 * lack. One copy and no `delete` (deleting properties turns an object into a slow dictionary): the export runs
 * this once per row, 100,000 times for a large workspace.
 */
export function fromLeadItem(item: Record<string, unknown>): Lead {
  const lead: Record<string, unknown> = {
    tags: [],
    notes: '',
    scoreFactors: [],
    crm: {},
    email: null,
    phone: null,
    prospectClass: null,
    lastDeliveryError: null,
    erasureRequestedAt: null,
  };
  for (const key in item) if (!STORAGE_KEYS.has(key)) lead[key] = item[key];
  return lead as unknown as Lead;
}
