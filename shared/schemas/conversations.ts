import * as z from 'zod';
import { PAUSED_REASONS } from '../domain/conversations/automation';
import { fields } from './validation';

/** A conversation is one person on one platform, so its id is its lead's id. */
export const conversationIdParams = z.object({ id: fields.id });

export const conversationView = z.object({
  id: z.string(),
  leadId: z.string(),
  botPaused: z.boolean(),
  pausedReason: z.enum(PAUSED_REASONS).nullable(),
  optedOut: z.boolean(),
});
