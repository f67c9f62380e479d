import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace({ params: workspaceIdParams }, async ({ workspace }) =>
  json(200, await workspaceService().get(workspace.id, workspace.role)),
);
