import {
  MAX_INTERACTION_RETENTION_MONTHS,
  MIN_INTERACTION_RETENTION_MONTHS,
} from '../domain/retention/retention';
import { ROLES } from '../domain/workspaces/roles';
import { DEFAULT_TIMEZONE } from '../domain/workspaces/timezone';
import { fields } from './validation';
import * as z from './zod';

const timezone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, `must be an IANA time zone such as ${DEFAULT_TIMEZONE}`),
);

export const workspaceName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
export const createWorkspaceBody = z.object({ name: workspaceName, timezone: z.optional(timezone) });
export const updateWorkspaceBody = z
  .object({
    name: z.optional(workspaceName),
    timezone: z.optional(timezone),
    /** Inbox: hours of human silence after which a bot paused by a human resumes (null = never, the default). */
    botAutoResumeHours: z.optional(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(720)))),
    /** Months raw interactions (messages, threads) are kept before they expire; 12 until set. */
    interactionRetentionMonths: z.optional(
      z
        .number()
        .check(z.int(), z.gte(MIN_INTERACTION_RETENTION_MONTHS), z.lte(MAX_INTERACTION_RETENTION_MONTHS)),
    ),
  })
  .check(
    z.refine(
      (body) =>
        body.name !== undefined ||
        body.timezone !== undefined ||
        body.botAutoResumeHours !== undefined ||
        body.interactionRetentionMonths !== undefined,
      'name, timezone, botAutoResumeHours or interactionRetentionMonths is required',
    ),
  );
export const addMemberBody = z.object({ email: fields.email, role: z._default(z.enum(ROLES), 'member') });

export const workspaceSummary = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });
export const workspaceView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  plan: z.string(),
  timezone: z.string(),
  createdAt: z.string(),
  botAutoResumeHours: z.nullable(z.number()),
  interactionRetentionMonths: z.number(),
});

// ── invitations ──
export const invitationCreated = z.object({
  invitationId: z.string(),
  status: z.literal('pending'),
  email: z.string(),
  role: z.enum(ROLES),
  expiresAt: z.string().check(z.describe('7 days after the invitation was sent')),
});
export const workspaceInvitationList = z.object({
  items: z.array(
    z.object({
      invitationId: z.string(),
      email: z.string(),
      role: z.enum(ROLES),
      status: z.enum(['pending', 'expired']),
      invitedBy: z.object({ userId: z.string(), name: z.string() }),
      invitedAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
  nextCursor: z.null(),
});
export const myInvitationList = z.object({
  items: z.array(
    z.object({
      invitationId: z.string(),
      workspace: z.object({ id: z.string(), name: z.string() }),
      role: z.enum(ROLES),
      invitedBy: z.object({ name: z.string() }),
      invitedAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
  nextCursor: z.null(),
});
export const invitationAccepted = z.object({ workspace: workspaceSummary });
