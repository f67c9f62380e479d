import {
  accessTokenOf,
  loginOf,
  type MentionedComment,
  type MentionedCommentReader,
  type MetaCredentials,
} from '../../services/meta/ports';
import type { SocialAccount } from '../../services/social/ports';
import type { TokenVault } from '../../services/vault/token-vault';
import type { GraphClient } from './graph-client';

/**
 * GET /{ig-user-id}?fields=mentioned_comment.comment_id({comment-id}){id,text,timestamp,username}
 * (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/mentioned_comment:
 * "{fields}: a comma-separated list of IG Comment Fields"; `username` is an IG Comment field). The comment itself
 * cannot be read directly: "You cannot make requests on comments discovered through the Mentions API unless the
 * comment owner is making the request" (IG Comment reference).
 */
export class GraphMentionedCommentReader implements MentionedCommentReader {
  constructor(
    private readonly graph: GraphClient,
    private readonly vault: TokenVault,
  ) {}

  async read(account: SocialAccount, commentId: string): Promise<MentionedComment | null> {
    // The Mentions API is the Instagram API with Facebook Login's (Page tokens on graph.facebook.com,
    // https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/mentioned_comment):
    // an Instagram Login account has none to read.
    if (loginOf(account) === 'instagram') return null;
    const credentials = await this.vault.openJson<MetaCredentials>(
      { workspaceId: account.workspaceId, provider: 'meta' },
      account.sealedCredentials,
    );
    const node = await this.graph.get<{
      mentioned_comment?: { id?: string; text?: string; timestamp?: string; username?: string };
    }>(
      `/${encodeURIComponent(account.externalId)}`,
      { fields: `mentioned_comment.comment_id(${commentId}){id,text,timestamp,username}` },
      accessTokenOf(credentials),
    );
    const comment = node.mentioned_comment;
    if (!comment) return null;
    return {
      text: comment.text ?? '',
      username: comment.username ?? null,
      timestamp: comment.timestamp ?? null,
    };
  }
}
