import type { Lead } from '../leads/lead';

/** The lead as webhook events carry it: the contract's public lead, without internal sync state. */
export function webhookLead(lead: Lead) {
  return {
    id: lead.id,
    platform: lead.platform,
    externalUserId: lead.externalUserId,
    displayName: lead.displayName,
    username: lead.username,
    status: lead.status,
    score: lead.score,
    scoreFactors: lead.scoreFactors,
    phone: lead.phone,
    email: lead.email,
    tags: lead.tags,
    notes: lead.notes,
    interactionCount: lead.interactionCount,
    lastInteractionAt: lead.lastInteractionAt,
    lastMessageText: lead.lastMessageText,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  };
}
