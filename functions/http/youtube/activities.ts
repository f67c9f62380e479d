import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { youtubeActivitiesQuery } from '../../../shared/schemas/youtube';
import { youtubeService } from '../../../shared/wiring/youtube';

/** The channel's activity feed (uploads, likes…); 1 quota unit per page. */
export const handler = http.workspace({ query: youtubeActivitiesQuery }, async ({ workspace, query }) => {
  const youtube = youtubeService();
  const account = await youtube.account(workspace.id, query.accountId);
  return json(200, await youtube.activities(account, query));
});
