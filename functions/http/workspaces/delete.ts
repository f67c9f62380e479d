import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace(
  { params: workspaceIdParams, minRole: 'owner' },
  async ({ workspace }) => {
    await workspaceService().remove(workspace.id);
    return noContent();
  },
);
