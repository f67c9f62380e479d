import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.workspace({ params: idParams }, async ({ workspace }) =>
  json(200, await workspaceService().get(workspace.id, workspace.role)),
);
