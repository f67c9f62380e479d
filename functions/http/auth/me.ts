import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { workspaceService } from '../../../shared/wiring/auth';

export const handler = http.user({}, async ({ auth }) => json(200, await workspaceService().me(auth)));
