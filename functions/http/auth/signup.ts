import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { signupBody } from '../../../shared/schemas/auth';
import { authService } from '../../../shared/wiring/auth';
import { emailVerificationService } from '../../../shared/wiring/email';

export const handler = http.public({ body: signupBody }, async ({ body }) => {
  const session = await authService().signup(body);
  await emailVerificationService().sendAfterSignup(session.user);
  return json(201, session);
});
