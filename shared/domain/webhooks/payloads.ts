import type { SendRecord } from '../delivery/send-record';
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

/**
 * A message Flow IA sent (or failed to send), as message.sent / message.failed carry it: who wrote it (the bot,
 * or a member replying by hand with their user id), where, and the provider's id once delivered.
 */
export function webhookMessage(record: SendRecord) {
  return {
    id: record.idempotencyKey,
    leadId: record.leadId,
    conversationId: record.leadId,
    platform: record.platform,
    action: record.action,
    author: record.author ?? 'bot',
    authorUserId: record.authorUserId ?? null,
    text: record.text,
    scenarioId: record.scenarioId,
    providerMessageId: record.providerMessageId,
    ...(record.status === 'failed' ? { error: record.explanation } : {}),
    at: record.updatedAt,
  };
}
