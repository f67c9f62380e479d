/**
 * Every DynamoDB key of the project is built here, and nowhere else.
 * Rule: every item that belongs to a workspace has `WS#<workspaceId>` as its partition key (or as the prefix of
 * a GSI partition key), so workspace isolation is structural — a query can only ever see one workspace.
 * One export per key, imported as a namespace (`import * as keys`): a bundle keeps the keys its code uses.
 */
export const ws = (workspaceId: string) => `WS#${workspaceId}`;

// ── users and auth ──────────────────────────────────────────────────────────
/**
 * A user is one item keyed by email: a conditional put on it makes signup race-free without transactions,
 * and login (by email) reads it strongly consistent. GSI1 finds it by id.
 */
export const user = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'USER' });
export const userById = (userId: string) => ({ gsi1pk: `USERID#${userId}`, gsi1sk: 'USER' });
export const refreshFamily = (familyId: string) => ({ pk: `RTFAMILY#${familyId}`, sk: 'FAMILY' });

// ── workspaces and members ─────────────────────────────────────────────────
export const workspace = (workspaceId: string) => ({ pk: ws(workspaceId), sk: 'WORKSPACE' });
export const member = (workspaceId: string, userId: string) => ({
  pk: ws(workspaceId),
  sk: `MEMBER#${userId}`,
});
export const memberPrefix = () => 'MEMBER#';
/** An invitation lives in its workspace's partition, so deleting the workspace deletes its invitations. */
export const invitation = (workspaceId: string, invitationId: string) => ({
  pk: ws(workspaceId),
  sk: `INVITATION#${invitationId}`,
});
export const invitationPrefix = () => 'INVITATION#';
/**
 * GSI1 view of a *pending* invitation (removed once accepted or revoked): the invitations waiting for an address,
 * read by GET /invitations and the duplicate check.
 */
export const invitationByEmail = (email: string, workspaceId: string, invitationId: string) => ({
  gsi1pk: `INVITEE#${email.toLowerCase()}`,
  gsi1sk: `${ws(workspaceId)}#${invitationId}`,
});
export const invitationsOfEmail = (email: string) => `INVITEE#${email.toLowerCase()}`;
/** GSI2 view of an invitation by its id alone: POST /invitations/{invitationId}/accept names no workspace. */
export const invitationById = (invitationId: string) => ({
  gsi2pk: `INVITATION#${invitationId}`,
  gsi2sk: 'INVITATION',
});
/** GSI1 view of a membership: the workspaces of a user. */
export const memberByUser = (userId: string, workspaceId: string) => ({
  gsi1pk: `USER#${userId}#WORKSPACES`,
  gsi1sk: ws(workspaceId),
});
export const workspacesOfUser = (userId: string) => `USER#${userId}#WORKSPACES`;

// ── rate limiting (not workspace data: per user / per IP windows) ──────────
export const rateWindow = (subject: string, windowStart: number) => ({
  pk: `RATE#${subject}`,
  sk: `W#${windowStart}`,
});

// ── workspace-scoped data; features add their keys below, always under ws() ─

// API keys: one item per key, keyed by the key's id alone so the authorizer reads it with one GetItem (the id
// is in the presented key); GSI1 lists a workspace's keys by creation time.
export const apiKey = (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'APIKEY' });
export const apiKeyOfWorkspace = (workspaceId: string, createdAt: string, keyId: string) => ({
  gsi1pk: `${ws(workspaceId)}#APIKEYS`,
  gsi1sk: `${createdAt}#${keyId}`,
});
export const apiKeysOfWorkspace = (workspaceId: string) => `${ws(workspaceId)}#APIKEYS`;

// outbound webhooks: endpoints and deliveries live in their workspace's partition
export const webhookEndpoint = (workspaceId: string, endpointId: string) => ({
  pk: ws(workspaceId),
  sk: `WHENDPOINT#${endpointId}`,
});
export const webhookEndpointPrefix = () => 'WHENDPOINT#';
export const webhookDelivery = (workspaceId: string, deliveryId: string) => ({
  pk: ws(workspaceId),
  sk: `WHDELIVERY#${deliveryId}`,
});
/** GSI1: a workspace's deliveries by creation time (GET /webhooks/deliveries, newest first). */
export const webhookDeliveryByTime = (workspaceId: string, createdAt: string, deliveryId: string) => ({
  gsi1pk: `${ws(workspaceId)}#WHDELIVERIES`,
  gsi1sk: `${createdAt}#${deliveryId}`,
});
export const webhookDeliveriesOfWorkspace = (workspaceId: string) => `${ws(workspaceId)}#WHDELIVERIES`;
/**
 * GSI2 (sparse): pending deliveries of every workspace by due time, read by the webhook-deliveries schedule with
 * one bounded Query; removed once a delivery is delivered or given up.
 */
export const webhookDeliveryDue = (dueAt: string, workspaceId: string, deliveryId: string) => ({
  gsi2pk: 'WEBHOOKS#DUE',
  gsi2sk: `${dueAt}#${ws(workspaceId)}#${deliveryId}`,
});
export const webhookDeliveriesDue = () => 'WEBHOOKS#DUE';

/** The audit log: append-only entries, ids sortable by time (newest first with one Query). */
export const auditEntry = (workspaceId: string, entryId: string) => ({
  pk: ws(workspaceId),
  sk: `AUDIT#${entryId}`,
});
export const auditPrefix = () => 'AUDIT#';

// social accounts
export const socialAccount = (workspaceId: string, accountId: string) => ({
  pk: ws(workspaceId),
  sk: `ACCOUNT#${accountId}`,
});
export const socialAccountPrefix = () => 'ACCOUNT#';
/** The accounts one Meta user (app-scoped id) connected: Meta's deletion / deauthorize callbacks name only them. */
export const metaUserLink = (metaUserId: string, workspaceId: string, accountId: string) => ({
  pk: `METAUSER#${metaUserId}`,
  sk: `${ws(workspaceId)}#ACCOUNT#${accountId}`,
});
export const metaUserLinks = (metaUserId: string) => `METAUSER#${metaUserId}`;
/** A Meta data deletion request, by the confirmation code its public status page shows. */
export const dataDeletionRequest = (code: string) => ({ pk: `DATADELETION#${code}`, sk: 'REQUEST' });
/** GSI1: platform account id → owning workspace(s), for webhooks. */
export const socialAccountByExternal = (platform: string, externalId: string, workspaceId: string) => ({
  gsi1pk: `EXTACCOUNT#${platform}#${externalId}`,
  gsi1sk: ws(workspaceId),
});
/**
 * Who owns a platform account: one item per (platform, external id), written by a conditional put at connect
 * time, so an external account belongs to at most one workspace. Not under ws(): it is the one place two
 * workspaces would meet, and it holds only the owner's ids (workspace, account), never its data.
 */
export const externalAccountClaim = (platform: string, externalId: string) => ({
  pk: `EXTCLAIM#${platform}#${externalId}`,
  sk: 'CLAIM',
});
/** GSI2: every account, for scheduled collection and token refresh (bounded: one item per connected account). */
export const socialAccountAll = (workspaceId: string, accountId: string) => ({
  gsi2pk: 'ACCOUNTS',
  gsi2sk: `${ws(workspaceId)}#${accountId}`,
});

// notifications (newest first by sortable time; a dedupe claim keeps a warning from repeating)
/** Notification ids are time-sortable (see notification-service), so the sort key orders them by creation. */
export const notification = (workspaceId: string, id: string) => ({ pk: ws(workspaceId), sk: `NOTIF#${id}` });
export const notificationPrefix = () => 'NOTIF#';
export const notificationDedupe = (workspaceId: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `NOTIFKEY#${dedupeKey}`,
});
/** One-time OAuth state nonces (conditional put = used once), expiring with the state. */
export const oauthNonce = (workspaceId: string, nonce: string) => ({
  pk: ws(workspaceId),
  sk: `OAUTHNONCE#${nonce}`,
});
// provider API quotas (YouTube units per Pacific day), separate from the plan's DM quota
export const providerUnitsDay = (workspaceId: string, provider: string, day: string) => ({
  pk: ws(workspaceId),
  sk: `PROVIDERUNITS#${provider}#${day}`,
});
/**
 * The same units for the whole Google Cloud project (every workspace together), and the census of who shares
 * them: project data, not a workspace's, so their partition is the provider's.
 */
export const providerUnitsProjectDay = (provider: string, day: string) => ({
  pk: `PROVIDERUNITS#${provider}`,
  sk: `DAY#${day}`,
});
export const providerUnitsCensus = (provider: string) => ({ pk: `PROVIDERUNITS#${provider}`, sk: 'CENSUS' });

/**
 * One funnel cell: a scenario's counters on one post (or `-`: a DM, no post) on one day. Day first, so a date
 * range of every scenario and post is one Query between two sort keys (no scan, nothing outside the range).
 */
export const analyticsCell = (
  workspaceId: string,
  day: string,
  scenarioId: string,
  mediaId: string | null,
) => ({
  pk: ws(workspaceId),
  sk: `ANALYTICS#${day}#${scenarioId}#${mediaId ?? '-'}`,
});
export const analyticsDayPrefix = (day: string) => `ANALYTICS#${day}#`;
// plans and quotas
export const quotaDay = (workspaceId: string, day: string) => ({ pk: ws(workspaceId), sk: `QUOTA#${day}` });
/**
 * Billing: the plan and the Stripe link live on the workspace item itself (plan, billing* attributes), so one
 * conditional update moves both. A Stripe event's record is keyed by its id alone: it is claimed before the
 * event's workspace is known, and that claim is the webhook's idempotency.
 */
export const stripeEvent = (eventId: string) => ({ pk: `STRIPEEVENT#${eventId}`, sk: 'EVENT' });

// leads and interactions (item layout: adapters/dynamo/lead-items.ts)
export const lead = (workspaceId: string, leadId: string) => ({ pk: ws(workspaceId), sk: `LEAD#${leadId}` });
/** GSI1: leads by last interaction; GSI2: by status then last interaction; GSI3: by score then last interaction. */
export const leadByRecency = (workspaceId: string, lastInteractionAt: string, leadId: string) => ({
  gsi1pk: `${ws(workspaceId)}#LEADS`,
  gsi1sk: `${lastInteractionAt}#${leadId}`,
});
export const leadByStatus = (
  workspaceId: string,
  status: string,
  lastInteractionAt: string,
  leadId: string,
) => ({
  gsi2pk: `${ws(workspaceId)}#LEADSTATUS#${status}`,
  gsi2sk: `${lastInteractionAt}#${leadId}`,
});
export const leadByScore = (
  workspaceId: string,
  score: number,
  lastInteractionAt: string,
  leadId: string,
) => ({
  gsi3pk: `${ws(workspaceId)}#LEADSCORE`,
  gsi3sk: `${String(score).padStart(3, '0')}#${lastInteractionAt}#${leadId}`,
});
export const interaction = (workspaceId: string, leadId: string, occurredAt: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `INTERACTION#${leadId}#${occurredAt}#${dedupeKey}`,
});
export const interactionPrefix = (leadId: string) => `INTERACTION#${leadId}#`;
/**
 * One per platform message, marked 'done' once its workflow is done: a redelivery that finds it stops at once. It
 * also holds the message's workflow trace (DynamoTraceStore), written in the same UpdateItem as the marker.
 */
export const interactionDedupe = (workspaceId: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `DEDUPE#${dedupeKey}`,
});
// CRM integrations (one item per CRM of a workspace) and the CRM sync outbox
export const integration = (workspaceId: string, crm: string) => ({
  pk: ws(workspaceId),
  sk: `INTEGRATION#${crm}`,
});
export const integrationPrefix = () => 'INTEGRATION#';
/** An OAuth grant (Sheets) waiting for PUT /integrations/{crm} to name its target; expires by TTL. */
export const crmPendingGrant = (workspaceId: string, crm: string) => ({
  pk: ws(workspaceId),
  sk: `CRMGRANT#${crm}`,
});
/**
 * One per (lead, CRM) whose sync is pending or failed. GSI1 puts every workspace's entries in one partition
 * ordered by the next attempt time, so the retry schedule finds due work with one bounded Query.
 */
export const crmOutbox = (workspaceId: string, crm: string, leadId: string) => ({
  pk: ws(workspaceId),
  sk: `CRMOUTBOX#${crm}#${leadId}`,
});
export const crmOutboxDue = (nextAttemptAt: string, workspaceId: string, crm: string, leadId: string) => ({
  gsi1pk: 'CRMOUTBOX',
  gsi1sk: `${nextAttemptAt}#${ws(workspaceId)}#${crm}#${leadId}`,
});
export const crmOutboxPartition = () => 'CRMOUTBOX';
/** A CRM record of an erased contact, queued for removal (DELETE /leads/{id} → the crm-sync-retry schedule). */
export const crmErasure = (workspaceId: string, crm: string, externalId: string) => ({
  pk: ws(workspaceId),
  sk: `CRMERASURE#${crm}#${externalId}`,
});
export const crmErasureDue = (
  nextAttemptAt: string,
  workspaceId: string,
  crm: string,
  externalId: string,
) => ({
  gsi1pk: 'CRMERASURE',
  gsi1sk: `${nextAttemptAt}#${ws(workspaceId)}#${crm}#${externalId}`,
});
export const crmErasurePartition = () => 'CRMERASURE';
/**
 * A contact's erasure (DELETE /leads/{id}): the marker that makes it resumable after a crash and idempotent
 * after it finished. Holds the lead id (a hash) and counts, none of the person's data.
 */
export const contactErasure = (workspaceId: string, leadId: string) => ({
  pk: ws(workspaceId),
  sk: `ERASURE#${leadId}`,
});
/** One per (interaction, action): the send step's exactly-once guard. */
export const sendRecord = (workspaceId: string, idempotencyKey: string) => ({
  pk: ws(workspaceId),
  sk: `SEND#${idempotencyKey}`,
});

// ── account health and the delivery log ───────────────────────────────────
/**
 * GSI1 view of a send record: the workspace's delivery log by first-attempt time. The time never changes
 * across attempts, so the index entry is written once with the claim and never moves.
 */
export const deliveryByTime = (workspaceId: string, createdAt: string, idempotencyKey: string) => ({
  gsi1pk: `${ws(workspaceId)}#DELIVERIES`,
  gsi1sk: `${createdAt}#${idempotencyKey}`,
});
export const deliveriesOfWorkspace = (workspaceId: string) => `${ws(workspaceId)}#DELIVERIES`;
/**
 * An interaction whose answer waits for its account to be reconnected (the message itself is stored): the
 * recovery after a reconnect queues these again. Deleted when the interaction completes.
 */
export const parkedInteraction = (workspaceId: string, accountId: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `PARKED#${accountId}#${dedupeKey}`,
});
export const parkedPrefix = (accountId: string) => `PARKED#${accountId}#`;

// ── message-processing engine (scenarios, follow-ups, workflow trace, local queue) ─
export const scenario = (workspaceId: string, scenarioId: string) => ({
  pk: ws(workspaceId),
  sk: `SCENARIO#${scenarioId}`,
});
export const scenarioPrefix = () => 'SCENARIO#';
/** One per interaction whose answer waits (quota reached): sent by the follow-ups schedule. */
export const followUp = (workspaceId: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `FOLLOWUP#${dedupeKey}`,
});
/** GSI2 (sparse): follow-ups by due time across workspaces; removed once sent or expired. */
export const followUpDue = (dueAt: string, workspaceId: string, dedupeKey: string) => ({
  gsi2pk: 'FOLLOWUPS#DUE',
  gsi2sk: `${dueAt}#${ws(workspaceId)}#${dedupeKey}`,
});
export const followUpsDue = () => 'FOLLOWUPS#DUE';
/**
 * One per lead (a lead is one person on one platform): the bot's pause and opt-out state of that conversation and
 * the inbox's fields, its last incoming message stored without what the item holds (see last-inbound.ts).
 */
export const conversation = (workspaceId: string, leadId: string) => ({
  pk: ws(workspaceId),
  sk: `CONV#${leadId}`,
});
/**
 * The inbox's list views of the conversation item (see conversation-store.ts for why these three):
 * GSI1 every conversation by last message, GSI2 by status then last message, GSI3 (sparse: only assigned ones)
 * by assignee then last message. Sort keys `<lastMessageAt>#<leadId>` page newest first.
 */
export const conversationByRecency = (workspaceId: string, lastMessageAt: string, leadId: string) => ({
  gsi1pk: `${ws(workspaceId)}#CONVS`,
  gsi1sk: `${lastMessageAt}#${leadId}`,
});
export const conversationByStatus = (
  workspaceId: string,
  status: string,
  lastMessageAt: string,
  leadId: string,
) => ({
  gsi2pk: `${ws(workspaceId)}#CONVSTATUS#${status}`,
  gsi2sk: `${lastMessageAt}#${leadId}`,
});
export const conversationByAssignee = (
  workspaceId: string,
  assigneeId: string,
  lastMessageAt: string,
  leadId: string,
) => ({
  gsi3pk: `${ws(workspaceId)}#CONVASSIGNEE#${assigneeId}`,
  gsi3sk: `${lastMessageAt}#${leadId}`,
});
export const conversationsPartition = (workspaceId: string) => `${ws(workspaceId)}#CONVS`;
export const conversationsByStatus = (workspaceId: string, status: string) =>
  `${ws(workspaceId)}#CONVSTATUS#${status}`;
export const conversationsOfAssignee = (workspaceId: string, assigneeId: string) =>
  `${ws(workspaceId)}#CONVASSIGNEE#${assigneeId}`;
/**
 * GSI3 view of every message of one conversation, both directions: the incoming interaction items and the
 * send records (automatic and human replies, with their live delivery status) and the page's echoes, all by
 * `<time>#<id>`, so the thread is one Query and a send record's status is never copied.
 */
export const threadEntry = (workspaceId: string, leadId: string, at: string, id: string) => ({
  gsi3pk: `${ws(workspaceId)}#THREAD#${leadId}`,
  gsi3sk: `${at}#${id}`,
});
export const threadOf = (workspaceId: string, leadId: string) => `${ws(workspaceId)}#THREAD#${leadId}`;
/**
 * Where traces were written before they moved onto the interaction's DEDUPE item (interactionDedupe): one item per
 * interaction with every step and every attempt of it, and before that one per (interaction, step) under the same
 * prefix; TTL 30 days (domain/retention). Still read, and erased with a lead, until they expire.
 */
export const traceOf = (workspaceId: string, dedupeKey: string) => ({
  pk: ws(workspaceId),
  sk: `TRACE#${dedupeKey}#`,
});
export const tracePrefix = (dedupeKey: string) => `TRACE#${dedupeKey}#`;
/** GSI1: the workspace's traced interactions by their latest step, for the developer console's recent list. */
export const traceByTime = (workspaceId: string, at: string, dedupeKey: string) => ({
  gsi1pk: `${ws(workspaceId)}#TRACES`,
  gsi1sk: `${at}#${dedupeKey}`,
});
export const tracesOfWorkspace = (workspaceId: string) => `${ws(workspaceId)}#TRACES`;
/** Local stage only: its queues' write-ahead messages and dead-letter lists (not workspace data). */
export const localQueued = (queue: string, messageId: string) => ({
  pk: `LOCALQ#${queue}`,
  sk: `MSG#${messageId}`,
});
export const localQueuedPrefix = (queue: string) => `LOCALQ#${queue}`;
export const localDeadLetter = (queue: string, failedAt: string, messageId: string) => ({
  pk: `LOCALDLQ#${queue}`,
  sk: `${failedAt}#${messageId}`,
});
export const localDeadLetters = (queue: string) => `LOCALDLQ#${queue}`;
/** Local stage only: the simulated mailbox, every email newest first, and per recipient on GSI1. */
export const localMail = (sentAt: string, messageId: string) => ({
  pk: 'LOCALMAIL',
  sk: `${sentAt}#${messageId}`,
});
export const localMailPartition = () => 'LOCALMAIL';
export const localMailByRecipient = (to: string, sentAt: string, messageId: string) => ({
  gsi1pk: `LOCALMAIL#${to.toLowerCase()}`,
  gsi1sk: `${sentAt}#${messageId}`,
});
export const localMailOf = (to: string) => `LOCALMAIL#${to.toLowerCase()}`;
// AI engine: response cache (per workspace) and fixed-window rate counters (per workspace and global)
/** The workspace's knowledge base: one item, read by every AI call of the workspace. */
export const knowledge = (workspaceId: string) => ({ pk: ws(workspaceId), sk: 'KNOWLEDGE' });
export const aiCache = (workspaceId: string, promptVersion: string, inputHash: string) => ({
  pk: ws(workspaceId),
  sk: `AICACHE#${promptVersion}#${inputHash}`,
});
export const aiRateWindow = (workspaceId: string, windowStart: number) => ({
  pk: ws(workspaceId),
  sk: `AIRATE#${windowStart}`,
});
/** The month's AI budget and usage (reserved tokens, billed tokens, calls), one item per workspace and month. */
export const aiBudgetMonth = (workspaceId: string, month: string) => ({
  pk: ws(workspaceId),
  sk: `AIBUDGET#${month}`,
});
/** Platform-wide counter of model calls (not workspace data), one item per window. */
export const aiGlobalRateWindow = (windowStart: number) => ({ pk: 'AIRATE#GLOBAL', sk: `W#${windowStart}` });
// LinkedIn (browser automation): jobs, what the processor synced, and the per-account safety items
export const linkedinJob = (workspaceId: string, jobId: string) => ({
  pk: ws(workspaceId),
  sk: `LIJOB#${jobId}`,
});
/** The owner's one-time acknowledgement of LinkedIn's automation terms (who and when). */
export const linkedinTermsAck = (workspaceId: string) => ({ pk: ws(workspaceId), sk: 'LITERMS' });
/** GSI2: deferred jobs of every workspace by due time, read by the scheduled resume sweep. */
export const linkedinDeferredJob = (workspaceId: string, jobId: string, runAfter: string) => ({
  gsi2pk: 'LIJOBS#DEFERRED',
  gsi2sk: `${runAfter}#${ws(workspaceId)}#${jobId}`,
});
export const linkedinDeferredPartition = () => 'LIJOBS#DEFERRED';
/** One browser session per account at a time: a lease with an expiry, taken by conditional put. */
export const linkedinLease = (workspaceId: string, accountId: string) => ({
  pk: ws(workspaceId),
  sk: `LILEASE#${accountId}`,
});
export const linkedinDailyActions = (workspaceId: string, accountId: string, day: string) => ({
  pk: ws(workspaceId),
  sk: `LIDAY#${accountId}#${day}`,
});
/** One per send idempotency key: a redelivered send job reads it instead of typing the message again. */
export const linkedinSend = (workspaceId: string, idempotencyKey: string) => ({
  pk: ws(workspaceId),
  sk: `LISEND#${idempotencyKey}`,
});
export const linkedinConversation = (workspaceId: string, accountId: string, conversationId: string) => ({
  pk: ws(workspaceId),
  sk: `LICONV#${accountId}#${conversationId}`,
});
export const linkedinConversationPrefix = (accountId: string) => `LICONV#${accountId}#`;
export const linkedinMessage = (
  workspaceId: string,
  accountId: string,
  conversationId: string,
  sentAt: string,
  messageId: string,
) => ({ pk: ws(workspaceId), sk: `LIMSG#${accountId}#${conversationId}#${sentAt}#${messageId}` });
export const linkedinMessagePrefix = (accountId: string, conversationId: string) =>
  `LIMSG#${accountId}#${conversationId}#`;
/** GSI1: an account's synced messages by time, for the collector. */
export const linkedinMessageByTime = (
  workspaceId: string,
  accountId: string,
  sentAt: string,
  messageId: string,
) => ({
  gsi1pk: `${ws(workspaceId)}#LIMSGS#${accountId}`,
  gsi1sk: `${sentAt}#${messageId}`,
});

export type ItemKey = { pk: string; sk: string };
