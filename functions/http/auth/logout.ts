import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { refreshBody } from '../../../shared/schemas/auth';
import { authService } from '../../../shared/wiring/auth';

export const handler = http.public({ body: refreshBody }, async ({ body }) => {
  await authService().logout(body.refreshToken);
  return noContent();
});
