import { schedules } from '../../../infra/schedules';
import { config } from '../../../shared/config';
import { ForbiddenError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { adminStatusQuery } from '../../../shared/schemas/observability';
import { operationsStatusService } from '../../../shared/wiring/operations';

/** GET /admin/status: operators only (ADMIN_EMAILS); queue depths, dead letters, workflow failures, schedules. */
export const handler = http.user({ query: adminStatusQuery }, async ({ auth, query }) => {
  const c = config();
  if (!c.ADMIN_EMAILS.includes(auth.email.toLowerCase()))
    throw new ForbiddenError('This page is for operators only.');
  const status = await operationsStatusService().status(
    c.STAGE,
    schedules.map(({ name, description, everyMinutes }) => ({ name, description, everyMinutes })),
    query.failures,
  );
  return json(200, status, { 'cache-control': 'no-store' });
});
