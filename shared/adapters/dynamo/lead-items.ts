import type { Lead } from '../../domain/leads/lead';
import { keys } from './keys';

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

const STORAGE_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type', 'ttl'];

export function fromLeadItem(item: Record<string, unknown>): Lead {
  const lead: Record<string, unknown> = { ...item };
  for (const key of STORAGE_KEYS) delete lead[key];
  return {
    tags: [],
    notes: '',
    scoreFactors: [],
    crm: {},
    email: null,
    phone: null,
    prospectClass: null,
    lastDeliveryError: null,
    erasureRequestedAt: null,
    ...lead,
  } as unknown as Lead;
}

/** The contract's public shape of a lead (GET /leads…, CSV, CRM sync). */
export function publicLead(lead: Lead) {
  return {
    id: lead.id,
    platform: lead.platform,
    externalUserId: lead.externalUserId,
    displayName: lead.displayName,
    username: lead.username,
    status: lead.status,
    score: lead.score,
    scoreFactors: lead.scoreFactors,
    prospectClass: lead.prospectClass,
    phone: lead.phone,
    email: lead.email,
    tags: lead.tags,
    notes: lead.notes,
    interactionCount: lead.interactionCount,
    lastInteractionAt: lead.lastInteractionAt,
    lastMessageText: lead.lastMessageText,
    createdAt: lead.createdAt,
    crm: lead.crm,
    lastDeliveryError: lead.lastDeliveryError,
    erasureRequestedAt: lead.erasureRequestedAt ?? null,
  };
}
