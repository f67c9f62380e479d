import { loginSubject } from '../../../shared/domain/rate-limit/subjects';
import { http } from '../../../shared/http/handler';
import { spendBudget } from '../../../shared/http/rate-limit';
import { json } from '../../../shared/http/response';
import { loginBody } from '../../../shared/schemas/auth';
import { authService } from '../../../shared/wiring/auth';
import { loginThrottle } from '../../../shared/wiring/rate-limit';

/**
 * Per IP (the API limiter, before the body is read) and per account here: guessing one account's password from
 * many IPs is throttled too. Every attempt counts, before the password is checked, and the same 429 answers for
 * an address that has no account, so the throttle reveals nothing and a right guess past the budget still fails.
 */
export const handler = http.public({ body: loginBody }, async ({ body }) => {
  await spendBudget(
    loginThrottle(),
    loginSubject(body.email),
    'Too many login attempts for this account; retry later.',
  );
  return json(200, await authService().login(body));
});
