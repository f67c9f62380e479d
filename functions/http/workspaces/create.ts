import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { createWorkspaceBody } from '../../../shared/schemas/workspaces';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.user({ body: createWorkspaceBody }, async ({ auth, body }) =>
  json(201, await workspaceService().create(auth, body)),
);
