import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listConversationsQuery } from '../../../shared/schemas/conversations';
import { conversationService } from '../../../shared/wiring/inbox';

/** The inbox, newest message first; `assignee=me&unread=true` is "my inbox". */
export const handler = http.workspace({ query: listConversationsQuery }, async ({ workspace, auth, query }) =>
  json(
    200,
    await conversationService().list(workspace.id, auth.userId, {
      limit: query.limit,
      cursor: query.cursor,
      platform: query.platform,
      status: query.status,
      assigneeId: query.assignee === 'me' ? auth.userId : query.assignee,
      unread: query.unread,
      botPaused: query.botPaused,
    }),
  ),
);
