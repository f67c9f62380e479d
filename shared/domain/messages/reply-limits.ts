import type { InteractionKind, Platform } from './platforms';

/**
 * The longest text Flow IA sends, per platform and kind of answer (characters). Where the platform's limit is
 * higher than a good reply, the engine's own 1,000 applies (the prompt asks for 1 to 3 sentences).
 * - Instagram DM and private reply: text "must be UTF-8 and less than 1000 characters" (Meta, Instagram
 *   messaging, send a message: https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message;
 *   the same 1,000 in third-party Instagram Direct APIs, e.g. https://green-api.com/en/instagram/docs/api/sending/SendMessage).
 * - Messenger (Facebook DM): 2,000 characters (Send API reference,
 *   https://developers.facebook.com/docs/messenger-platform/reference/send-api/) — above our 1,000.
 * - Instagram and Facebook comment replies: 2,200 characters on Instagram (not verified against an API page
 *   here), so our 1,000 applies.
 * - TikTok comment replies: 150 characters (PROVIDERS.md §2.3, seen in one client of /business/comment/reply/create/).
 * - YouTube comment replies (comments.insert, `commentTextTooLong` past the limit:
 *   https://developers.google.com/youtube/v3/docs/comments/insert): 10,000 characters, so our 1,000 applies.
 * - LinkedIn messages (typed by the browser worker): no published API limit; our 1,000 applies.
 */
export const ENGINE_MAX_REPLY = 1000;

const LIMITS: Partial<Record<Platform, Partial<Record<InteractionKind | 'any', number>>>> = {
  instagram: { any: 1000 },
  tiktok: { comment: 150, any: 150 },
};

export function replyLimit(platform: Platform, kind: InteractionKind): number {
  const limits = LIMITS[platform];
  return Math.min(ENGINE_MAX_REPLY, limits?.[kind] ?? limits?.any ?? ENGINE_MAX_REPLY);
}

/**
 * The text cut to `limit` characters (code points, so an emoji is never split): at the last sentence end that
 * keeps at least half of it, else at the last space, with "…". Shorter texts are unchanged.
 */
export function fitReply(text: string, limit: number): string {
  const chars = [...text];
  if (chars.length <= limit) return text;
  const head = chars.slice(0, limit - 1).join('');
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentence >= head.length / 2) return head.slice(0, sentence + 1);
  const space = head.lastIndexOf(' ');
  return `${(space > head.length / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}
