import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { updateWorkspaceBody } from '../../../shared/schemas/workspaces';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace(
  { params: idParams, body: updateWorkspaceBody, minRole: 'admin' },
  async ({ workspace, body, auth }) =>
    json(200, await workspaceService().update(workspace.id, workspace.role, body, actorOf(auth))),
);
