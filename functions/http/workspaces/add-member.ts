import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { addMemberBody, workspaceIdParams } from '../../../shared/schemas/workspaces';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace(
  { params: workspaceIdParams, body: addMemberBody, minRole: 'admin' },
  async ({ workspace, auth, body }) => {
    const result = await workspaceService().addMember(
      workspace.id,
      { userId: auth.userId, role: workspace.role },
      body,
    );
    return json(result.status === 'added' ? 201 : 202, result);
  },
);
