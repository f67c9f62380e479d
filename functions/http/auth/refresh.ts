import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { refreshBody } from '../../../shared/schemas/auth';
import { authService } from '../../../shared/wiring/auth';

export const handler = http.public({ body: refreshBody }, async ({ body }) =>
  json(200, await authService().refresh(body.refreshToken)),
);
