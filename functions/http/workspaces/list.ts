import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.user({}, async ({ auth }) => {
  const items = await workspaceService().listForUser(auth.userId);
  return json(200, { items, nextCursor: null });
});
