import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { tiktokVideosQuery } from '../../../shared/schemas/tiktok';
import { tiktokService } from '../../../shared/wiring/tiktok';

/** Recent videos of a connected TikTok account with their engagement counts. */
export const handler = http.workspace({ query: tiktokVideosQuery }, async ({ workspace, query }) => {
  const tiktok = tiktokService();
  const account = await tiktok.account(workspace.id, query.accountId);
  return json(200, await tiktok.videos(account, query.cursor, query.limit));
});
