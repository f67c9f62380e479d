import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { memberParams } from '../../../shared/schemas/params';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace(
  { params: memberParams, apiKeys: false },
  async ({ workspace, auth, params }) => {
    await workspaceService().removeMember(
      workspace.id,
      { userId: auth.userId, role: workspace.role },
      params.userId,
    );
    return noContent();
  },
);
