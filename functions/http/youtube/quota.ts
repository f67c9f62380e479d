import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { youtubeService } from '../../../shared/wiring/youtube';

/** YouTube API units this workspace used today (Pacific day) and its daily budget. */
export const handler = http.workspace({}, async ({ workspace }) =>
  json(200, await youtubeService().quota(workspace.id)),
);
