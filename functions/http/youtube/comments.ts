import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { youtubeCommentsQuery } from '../../../shared/schemas/youtube';
import { youtubeService } from '../../../shared/wiring/youtube';

/** Comment threads of the channel (or of one video), newest first; 1 quota unit per page. */
export const handler = http.workspace({ query: youtubeCommentsQuery }, async ({ workspace, query }) => {
  const youtube = youtubeService();
  const account = await youtube.account(workspace.id, query.accountId);
  return json(200, await youtube.comments(account, query));
});
