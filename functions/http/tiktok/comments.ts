import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { tiktokCommentsQuery } from '../../../shared/schemas/tiktok';
import { tiktokService } from '../../../shared/wiring/tiktok';

/** One page of a TikTok video's comments (TikTok for Business comment list). */
export const handler = http.workspace({ query: tiktokCommentsQuery }, async ({ workspace, query }) => {
  const tiktok = tiktokService();
  const account = await tiktok.account(workspace.id, query.accountId);
  return json(200, await tiktok.comments(account, query.videoId, query.cursor, query.limit));
});
