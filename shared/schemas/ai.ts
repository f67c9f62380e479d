import * as z from 'zod';
import { DETECTED_LANGUAGES } from '../domain/language/language';
import { INTERACTION_KINDS, PLATFORMS } from '../domain/messages/platforms';

export const previewReplyBody = z.object({
  /** The sample message, as a prospect would write it. */
  text: z.string().trim().min(1).max(2000),
  platform: z.enum(PLATFORMS).default('instagram'),
  kind: z.enum(INTERACTION_KINDS).default('comment'),
  authorName: z.string().trim().min(1).max(100).nullable().default(null),
  /** The scenario's intent for the AI (null: answer helpfully). */
  instruction: z.string().trim().min(1).max(1000).nullable().default(null),
  /** The language to answer in; absent: the message's own when the knowledge allows it, else the default. */
  language: z.enum(DETECTED_LANGUAGES).optional(),
});

export const previewReplyResponse = z.object({
  reply: z.string(),
  source: z.enum(['ai', 'rules']),
  promptVersion: z.string(),
  fallbackReason: z.string().nullable(),
  phone: z.string().nullable(),
  /** The engine could not answer (e.g. a language the rules have no templates for): a person takes over. */
  handover: z.boolean(),
  score: z.number().int().min(0).max(100),
  scoreFactors: z.array(z.object({ factor: z.string(), points: z.number() })),
});
export type PreviewReplyResponse = z.infer<typeof previewReplyResponse>;
