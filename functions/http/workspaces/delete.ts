import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';
import { workspaceDeletion } from '../../../shared/wiring/workspace-deletion';

export const handler = http.workspace(
  { params: workspaceIdParams, minRole: 'owner' },
  async ({ workspace }) => {
    await workspaceDeletion().delete(workspace.id);
    return noContent();
  },
);
