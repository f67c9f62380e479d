import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { workspaceDeletion } from '../../../shared/wiring/workspace-deletion';

export const handler = http.workspace({ params: idParams, minRole: 'owner' }, async ({ workspace }) => {
  await workspaceDeletion().delete(workspace.id);
  return noContent();
});
