/**
 * Every DynamoDB key of the project is built here, and nowhere else.
 * Rule: every item that belongs to a workspace has `WS#<workspaceId>` as its partition key (or as the prefix of
 * a GSI partition key), so workspace isolation is structural — a query can only ever see one workspace.
 */
const ws = (workspaceId: string) => `WS#${workspaceId}`;

export const keys = {
  // ── users and auth ──────────────────────────────────────────────────────────
  /**
   * A user is one item keyed by email: a conditional put on it makes signup race-free without transactions,
   * and login (by email) reads it strongly consistent. GSI1 finds it by id.
   */
  user: (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'USER' }),
  userById: (userId: string) => ({ gsi1pk: `USERID#${userId}`, gsi1sk: 'USER' }),
  refreshFamily: (familyId: string) => ({ pk: `RTFAMILY#${familyId}`, sk: 'FAMILY' }),

  // ── workspaces and members ─────────────────────────────────────────────────
  workspace: (workspaceId: string) => ({ pk: ws(workspaceId), sk: 'WORKSPACE' }),
  member: (workspaceId: string, userId: string) => ({ pk: ws(workspaceId), sk: `MEMBER#${userId}` }),
  memberPrefix: () => 'MEMBER#',
  invite: (workspaceId: string, email: string) => ({
    pk: ws(workspaceId),
    sk: `INVITE#${email.toLowerCase()}`,
  }),
  /** GSI1 view of an invitation, read at signup to join the workspaces that invited this email. */
  inviteByEmail: (email: string, workspaceId: string) => ({
    gsi1pk: `INVITE#${email.toLowerCase()}`,
    gsi1sk: ws(workspaceId),
  }),
  invitesOfEmail: (email: string) => `INVITE#${email.toLowerCase()}`,
  /** GSI1 view of a membership: the workspaces of a user. */
  memberByUser: (userId: string, workspaceId: string) => ({
    gsi1pk: `USER#${userId}#WORKSPACES`,
    gsi1sk: ws(workspaceId),
  }),
  workspacesOfUser: (userId: string) => `USER#${userId}#WORKSPACES`,

  // ── rate limiting (not workspace data: per user / per IP windows) ──────────
  rateWindow: (subject: string, windowStart: number) => ({ pk: `RATE#${subject}`, sk: `W#${windowStart}` }),

  // ── workspace-scoped data; features add their keys below, always under ws() ─
  ws,

  // social accounts
  socialAccount: (workspaceId: string, accountId: string) => ({
    pk: ws(workspaceId),
    sk: `ACCOUNT#${accountId}`,
  }),
  socialAccountPrefix: () => 'ACCOUNT#',
  /** GSI1: platform account id → owning workspace(s), for webhooks. */
  socialAccountByExternal: (platform: string, externalId: string, workspaceId: string) => ({
    gsi1pk: `EXTACCOUNT#${platform}#${externalId}`,
    gsi1sk: ws(workspaceId),
  }),
  /** GSI2: every account, for scheduled collection and token refresh (bounded: one item per connected account). */
  socialAccountAll: (workspaceId: string, accountId: string) => ({
    gsi2pk: 'ACCOUNTS',
    gsi2sk: `${ws(workspaceId)}#${accountId}`,
  }),

  // provider API quotas (YouTube units per Pacific day), separate from the plan's DM quota
  providerUnitsDay: (workspaceId: string, provider: string, day: string) => ({
    pk: ws(workspaceId),
    sk: `PROVIDERUNITS#${provider}#${day}`,
  }),

  // plans and quotas
  quotaDay: (workspaceId: string, day: string) => ({ pk: ws(workspaceId), sk: `QUOTA#${day}` }),

  // leads and interactions (item layout: adapters/dynamo/lead-items.ts)
  lead: (workspaceId: string, leadId: string) => ({ pk: ws(workspaceId), sk: `LEAD#${leadId}` }),
  /** GSI1: leads by last interaction; GSI2: by status then last interaction; GSI3: by score then last interaction. */
  leadByRecency: (workspaceId: string, lastInteractionAt: string, leadId: string) => ({
    gsi1pk: `${ws(workspaceId)}#LEADS`,
    gsi1sk: `${lastInteractionAt}#${leadId}`,
  }),
  leadByStatus: (workspaceId: string, status: string, lastInteractionAt: string, leadId: string) => ({
    gsi2pk: `${ws(workspaceId)}#LEADSTATUS#${status}`,
    gsi2sk: `${lastInteractionAt}#${leadId}`,
  }),
  leadByScore: (workspaceId: string, score: number, lastInteractionAt: string, leadId: string) => ({
    gsi3pk: `${ws(workspaceId)}#LEADSCORE`,
    gsi3sk: `${String(score).padStart(3, '0')}#${lastInteractionAt}#${leadId}`,
  }),
  interaction: (workspaceId: string, leadId: string, occurredAt: string, dedupeKey: string) => ({
    pk: ws(workspaceId),
    sk: `INTERACTION#${leadId}#${occurredAt}#${dedupeKey}`,
  }),
  interactionPrefix: (leadId: string) => `INTERACTION#${leadId}#`,
  /** One per platform message: the conditional put on it is the interaction logger's dedupe. */
  interactionDedupe: (workspaceId: string, dedupeKey: string) => ({
    pk: ws(workspaceId),
    sk: `DEDUPE#${dedupeKey}`,
  }),
  /** One per (interaction, action): the send step's exactly-once guard. */
  sendRecord: (workspaceId: string, idempotencyKey: string) => ({
    pk: ws(workspaceId),
    sk: `SEND#${idempotencyKey}`,
  }),
};

export type ItemKey = { pk: string; sk: string };
