import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { loginBody } from '../../../shared/schemas/auth';
import { authService } from '../../../shared/wiring/auth';

export const handler = http.public({ body: loginBody }, async ({ body }) =>
  json(200, await authService().login(body)),
);
