import type { Lead } from './lead';

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
    prospectReason: lead.prospectReason ?? null,
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
