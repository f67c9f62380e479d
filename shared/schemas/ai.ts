import { DETECTED_LANGUAGES } from '../domain/language/language';
import { INTERACTION_KINDS, PLATFORMS } from '../domain/messages/platforms';
import * as z from './zod';

export const previewReplyBody = z.object({
  /** The sample message, as a prospect would write it. */
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  platform: z._default(z.enum(PLATFORMS), 'instagram'),
  kind: z._default(z.enum(INTERACTION_KINDS), 'comment'),
  authorName: z._default(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))), null),
  /** The scenario's intent for the AI (null: answer helpfully). */
  instruction: z._default(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))), null),
  /** The language to answer in; absent: the message's own when the knowledge allows it, else the default. */
  language: z.optional(z.enum(DETECTED_LANGUAGES)),
});

export const previewReplyResponse = z.object({
  reply: z.string(),
  source: z.enum(['ai', 'rules']),
  promptVersion: z.string(),
  fallbackReason: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  /** The engine could not answer (e.g. a language the rules have no templates for): a person takes over. */
  handover: z.boolean(),
  score: z.number().check(z.int(), z.gte(0), z.lte(100)),
  scoreFactors: z.array(z.object({ factor: z.string(), points: z.number() })),
});
export type PreviewReplyResponse = z.infer<typeof previewReplyResponse>;
