import { ProviderError } from '../../errors';
import type { MediaCatalog, MediaPost, SocialAccount } from '../../services/social/ports';
import { sendFailureError } from '../../services/social/provider-errors';
import type { TokenVault } from '../../services/vault/token-vault';
import { accountGraph } from './account-graph';
import { GraphApiError, type GraphClient } from './graph-client';

interface GraphPage<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}
interface IgMedia {
  id: string;
  caption?: string;
  media_type?: string;
  media_product_type?: string;
  media_url?: string;
  thumbnail_url?: string;
  permalink?: string;
  timestamp?: string;
}
interface PagePost {
  id: string;
  message?: string;
  created_time?: string;
  full_picture?: string;
  permalink_url?: string;
}

/**
 * Instagram: GET /{ig-user-id}/media with the IG Media fields
 * (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media ; thumbnail_url is "only
 * available on VIDEO media"). Facebook Page: GET /{page-id}/published_posts with the Page Post fields
 * (https://developers.facebook.com/docs/graph-api/reference/page/published_posts/). Both are cursor-paged as
 * every Graph edge (https://developers.facebook.com/docs/graph-api/results/): `limit`, `after`, and `paging.next`
 * only when another page exists — the cursor is handed back to the caller, never stored ("your app shouldn't store
 * cursors").
 */
const IG_FIELDS = 'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp';
const PAGE_FIELDS = 'id,message,created_time,full_picture,permalink_url';
/** How far back "the first post after" is looked for: pages of 50, newest first. */
const RESOLVE_PAGES = 4;

export class MetaMediaCatalog implements MediaCatalog {
  constructor(
    private readonly facebook: GraphClient,
    private readonly vault: TokenVault,
    /** graph.instagram.com, for accounts of the Instagram Login (the same IG Media edge and fields). */
    private readonly instagram?: GraphClient,
  ) {}

  async list(
    account: SocialAccount,
    page: { limit: number; after: string | undefined },
  ): Promise<{ items: MediaPost[]; after: string | null }> {
    const { graph, token } = await this.graphOf(account);
    const instagram = account.platform === 'instagram';
    const result = await graph
      .get<GraphPage<IgMedia & PagePost>>(
        instagram ? `/${enc(account.externalId)}/media` : `/${enc(pageIdOf(account))}/published_posts`,
        { fields: instagram ? IG_FIELDS : PAGE_FIELDS, limit: page.limit, after: page.after },
        token,
      )
      .catch((error: unknown) => {
        if (!(error instanceof GraphApiError)) throw error;
        // A refused cursor or parameter is Meta's answer to our call, not the caller's input: a 502, not a 400.
        throw error.failure.code === 'invalid_request'
          ? new ProviderError('meta', `Meta refused the media listing: ${error.failure.explanation}`)
          : sendFailureError('meta', error.failure);
      });
    const items = result.data.map((item) => (instagram ? fromIg(item) : fromPagePost(item)));
    const after = result.paging?.next ? (result.paging.cursors?.after ?? null) : null;
    return { items: items.filter((i): i is MediaPost => i !== null), after };
  }

  async publishedAt(account: SocialAccount, mediaId: string): Promise<string | null> {
    const { graph, token } = await this.graphOf(account);
    const field = account.platform === 'instagram' ? 'timestamp' : 'created_time';
    try {
      const node = await graph.get<Record<string, string | undefined>>(
        `/${enc(mediaId)}`,
        { fields: `id,${field}` },
        token,
      );
      return isoOf(node[field]);
    } catch (error) {
      // #100 "does not exist, cannot be loaded…": not a post of this account (or deleted).
      if (error instanceof GraphApiError && error.failure.code === 'invalid_request') return null;
      throw error;
    }
  }

  async firstPublishedAfter(account: SocialAccount, after: string): Promise<MediaPost | null> {
    let cursor: string | undefined;
    let earliest: MediaPost | null = null;
    for (let i = 0; i < RESOLVE_PAGES; i++) {
      const page = await this.list(account, { limit: 50, after: cursor });
      for (const item of page.items) if (item.timestamp > after) earliest = item;
      const reachedOlder = page.items.some((item) => item.timestamp <= after);
      if (reachedOlder || !page.after) break;
      cursor = page.after;
    }
    return earliest;
  }

  private graphOf(account: SocialAccount) {
    return accountGraph(account, this.vault, this.facebook, this.instagram);
  }
}

function fromIg(item: IgMedia): MediaPost | null {
  const timestamp = isoOf(item.timestamp);
  if (!timestamp) return null;
  return {
    id: item.id,
    caption: item.caption ?? null,
    mediaType: item.media_type ?? 'IMAGE',
    mediaProductType: item.media_product_type ?? null,
    mediaUrl: item.media_url ?? null,
    thumbnailUrl: item.thumbnail_url ?? (item.media_type === 'VIDEO' ? null : (item.media_url ?? null)),
    permalink: item.permalink ?? null,
    timestamp,
  };
}

function fromPagePost(item: PagePost): MediaPost | null {
  const timestamp = isoOf(item.created_time);
  if (!timestamp) return null;
  return {
    id: item.id,
    caption: item.message ?? null,
    mediaType: 'POST',
    mediaProductType: null,
    mediaUrl: item.full_picture ?? null,
    thumbnailUrl: item.full_picture ?? null,
    permalink: item.permalink_url ?? null,
    timestamp,
  };
}

const enc = encodeURIComponent;
const pageIdOf = (account: SocialAccount) => account.details.pageId ?? account.externalId;

/** Graph times look like 2026-11-25T10:00:00+0000. */
function isoOf(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
