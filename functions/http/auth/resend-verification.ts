import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { emailVerificationService } from '../../../shared/wiring/email';

export const handler = http.user({}, async ({ auth }) =>
  json(202, await emailVerificationService().resend(auth)),
);
