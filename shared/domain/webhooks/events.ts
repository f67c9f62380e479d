import { createHash, createHmac, randomBytes } from 'node:crypto';

/** What a workspace can subscribe an endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.qualified',
  'conversation.handover',
  'message.sent',
  'message.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One event, as every endpoint receives it (the JSON body of the POST). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown>;
}

/**
 * Event ids are derived from what happened (`lead.created` + the lead, `message.sent` + the send's idempotency
 * key…), not drawn at random: a workflow step that runs again after a crash emits the same id, and the delivery
 * it would create already exists. Hashed, so the id tells a receiver nothing about our keys.
 */
export function eventIdOf(type: WebhookEventType, ...parts: string[]): string {
  return `evt_${createHash('sha256')
    .update([type, ...parts].join('\u0000'))
    .digest('hex')
    .slice(0, 32)}`;
}

/** One delivery per (event, endpoint): the same pair always has the same id, so it is created once. */
export function deliveryIdOf(eventId: string, endpointId: string): string {
  return createHash('sha256').update(`${eventId}\u0000${endpointId}`).digest('hex').slice(0, 32);
}

/** The signing secret shown once at creation: `whsec_` + 32 random bytes, base64url. */
export function generateSigningSecret(random: (size: number) => Buffer = randomBytes): string {
  return `whsec_${random(32).toString('base64url')}`;
}

export const SIGNATURE_HEADER = 'Flowia-Signature';

/**
 * The Stripe scheme (https://docs.stripe.com/webhooks#verify-manually): `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" keyed with the endpoint's secret>`. The timestamp is signed with the body, so a receiver that
 * refuses old timestamps (5 minutes, say) refuses replays; each attempt is signed anew.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
