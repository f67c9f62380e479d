import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { signupBody } from '../../../shared/schemas/auth';
import { authService, workspaceService } from '../../../shared/wiring/auth';

export const handler = http.public({ body: signupBody }, async ({ body }) => {
  const session = await authService().signup(body);
  await workspaceService().acceptInvitations(session.user);
  return json(201, session);
});
