import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listNotificationsQuery } from '../../../shared/schemas/notifications';
import { notificationService } from '../../../shared/wiring/notifications';

export const handler = http.workspace({ query: listNotificationsQuery }, async ({ workspace, query }) => {
  const page = await notificationService().list(workspace.id, {
    unreadOnly: query.unread,
    limit: query.limit,
    cursor: query.cursor,
  });
  return json(200, {
    items: page.items.map(({ workspaceId: _ws, ...view }) => view),
    nextCursor: page.nextCursor,
  });
});
