import type { SendRecord } from '../delivery/send-record';
import type { Lead } from '../leads/lead';
import { publicLead } from '../leads/public-lead';

/** The lead as webhook events carry it: the contract's public lead without its internal state, with its last change. */
export function webhookLead(lead: Lead) {
  const {
    prospectClass: _class,
    crm: _crm,
    lastDeliveryError: _error,
    erasureRequestedAt: _erasure,
    ...shared
  } = publicLead(lead);
  return { ...shared, updatedAt: lead.updatedAt };
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
