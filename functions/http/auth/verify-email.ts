import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { verifyEmailBody } from '../../../shared/schemas/auth';
import { emailVerificationService } from '../../../shared/wiring/email';

/** POST /auth/verify-email: the token of the emailed link is the credential; no bearer token needed. */
export const handler = http.public({ body: verifyEmailBody }, async ({ body }) =>
  json(200, { user: await emailVerificationService().verify(body.token) }),
);
