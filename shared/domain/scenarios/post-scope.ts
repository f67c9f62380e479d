import type { InteractionKind } from '../messages/platforms';

/**
 * Which posts a scenario answers comments on (issue 23 item 2).
 *
 * - `mediaIds`: specific posts or reels (ids from GET /social-accounts/{id}/media); empty = every post.
 * - `nextPost`: "the next post I publish". Armed at `after` (when the scenario was saved with it) and resolved,
 *   the first time a comment arrives on a post published after that, to the FIRST post the account published
 *   after `after` (read through the Graph API: the comment's media `timestamp`, then the account's media list),
 *   whose id is then kept in `mediaId`. Until then it answers nothing.
 * - `liveComments`: comments on live videos (Meta's `live_comments` webhook field) are their own audience:
 *   `exclude` (default: a live comment is never answered by a post scenario), `include` (both), `only` (a
 *   scenario for live videos alone).
 *
 * A scoped scenario (specific posts or the next post) answers comments only, never DMs or stories.
 */
export const LIVE_COMMENT_MODES = ['exclude', 'include', 'only'] as const;
export type LiveCommentMode = (typeof LIVE_COMMENT_MODES)[number];

export interface NextPostTarget {
  /** When the scenario was told to wait for the next post (ISO 8601 UTC). */
  after: string;
  /** The post it resolved to; null until a comment on a post published after `after` arrives. */
  mediaId: string | null;
}

export interface PostScope {
  mediaIds: string[];
  nextPost: NextPostTarget | null;
  liveComments: LiveCommentMode;
}

export interface ScopedMessage {
  kind: InteractionKind;
  mediaId?: string | null;
  /** A comment on a live video. */
  live?: boolean;
}

export const isPostScoped = (scope: PostScope): boolean =>
  scope.mediaIds.length > 0 || scope.nextPost !== null;

export function postScopeAccepts(scope: PostScope, message: ScopedMessage): boolean {
  if (message.kind !== 'comment') return !isPostScoped(scope) && scope.liveComments !== 'only';
  const live = message.live === true;
  if (live ? scope.liveComments === 'exclude' : scope.liveComments === 'only') return false;
  if (!isPostScoped(scope)) return true;
  const mediaId = message.mediaId ?? null;
  if (mediaId === null) return false;
  return scope.mediaIds.includes(mediaId) || scope.nextPost?.mediaId === mediaId;
}

/** Whether the next-post target must be looked up before this comment can be matched against it. */
export function awaitsNextPost(scope: PostScope, message: ScopedMessage): boolean {
  return (
    scope.nextPost !== null &&
    scope.nextPost.mediaId === null &&
    message.kind === 'comment' &&
    Boolean(message.mediaId)
  );
}
