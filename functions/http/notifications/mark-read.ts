import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { notificationParams } from '../../../shared/schemas/notifications';
import { notificationService } from '../../../shared/wiring/notifications';

export const handler = http.workspace({ params: notificationParams }, async ({ workspace, params }) => {
  await notificationService().markRead(workspace.id, params.id);
  return noContent();
});
