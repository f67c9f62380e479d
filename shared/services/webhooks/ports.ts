import type { WebhookEventType } from '../../domain/webhooks/events';
import type { SealedSecret } from '../vault/envelope';

export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  /** The signing secret, sealed by the vault (context: workspace + `webhook:<endpointId>`). */
  secret: SealedSecret;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status, or null when none came back (refused address, timeout, connection error). */
  status: number | null;
  /** What went wrong, in plain words; null on success. */
  error: string | null;
  durationMs: number;
  /** The start of the receiver's answer (at most 256 characters), for the owner to debug their endpoint. */
  responseBody: string | null;
}

export interface WebhookDelivery {
  id: string;
  workspaceId: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact JSON body every attempt sends (signed anew with the attempt's timestamp). */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** When a pending delivery is due (or, while an attempt runs, when its lease ends); null once settled. */
  nextAttemptAt: string | null;
  /** Retries stop after this time (24 h after creation or the last replay). */
  retryUntil: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryFilter {
  endpointId?: string | undefined;
  status?: DeliveryStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Endpoints and deliveries; DynamoDB implements it in adapters/dynamo/webhook-store.ts. */
export interface WebhookStore {
  putEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  getEndpoint(workspaceId: string, endpointId: string): Promise<WebhookEndpoint | undefined>;
  /** Bounded (MAX_ENDPOINTS_PER_WORKSPACE); read by every event emission, eventually consistent. */
  listEndpoints(workspaceId: string): Promise<WebhookEndpoint[]>;
  deleteEndpoint(workspaceId: string, endpointId: string): Promise<boolean>;
  /** Creates the delivery unless it exists (conditional put): emitting an event twice delivers it once. */
  createDelivery(delivery: WebhookDelivery): Promise<boolean>;
  getDelivery(workspaceId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  listDeliveries(
    workspaceId: string,
    filter: DeliveryFilter,
  ): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }>;
  /** Pending deliveries of every workspace due at `now`, oldest first: one bounded Query on the due index. */
  due(
    now: string,
    limit: number,
  ): Promise<Array<Pick<WebhookDelivery, 'workspaceId' | 'id' | 'nextAttemptAt'>>>;
  /**
   * Takes a due delivery for one attempt: moves its due time to `leaseUntil` only if it is still pending and
   * still due at `seen` (conditional write), so two runs never send the same attempt; a crash mid-attempt makes
   * it due again when the lease ends. Returns the delivery, or undefined when another run took it.
   */
  claim(
    workspaceId: string,
    deliveryId: string,
    seen: string,
    leaseUntil: string,
  ): Promise<WebhookDelivery | undefined>;
  /** Appends the attempt and sets the outcome: pending again at `nextAttemptAt`, or delivered / failed. */
  recordAttempt(
    delivery: Pick<WebhookDelivery, 'workspaceId' | 'id'>,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryStatus; nextAttemptAt: string | null; at: string },
  ): Promise<void>;
  /**
   * Makes the delivery pending and due at `at` again, retrying until `retryUntil`; refused ('in_flight') while
   * an attempt holds its lease (claimed, not yet recorded), so a replay never sends the event twice at once.
   */
  reschedule(
    workspaceId: string,
    deliveryId: string,
    at: string,
    retryUntil: string,
  ): Promise<'rescheduled' | 'missing' | 'in_flight'>;
}

export interface SecretSealer {
  seal(context: { workspaceId: string; provider: string }, plaintext: string): Promise<SealedSecret>;
  open(context: { workspaceId: string; provider: string }, sealed: SealedSecret): Promise<string>;
}

export type TransportResult =
  | { kind: 'answered'; status: number; responseBody: string; durationMs: number }
  | { kind: 'refused' | 'failed'; error: string; durationMs: number };

/** The one door out: a POST to the endpoint through the SSRF guard (adapters/http/webhook-transport.ts). */
export interface WebhookTransport {
  post(url: string, headers: Record<string, string>, body: string): Promise<TransportResult>;
}
