import { schedules } from '../../../infra/schedules';
import { config } from '../../../shared/config';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { adminStatusQuery } from '../../../shared/schemas/observability';
import { operatorAccess } from '../../../shared/wiring/auth';
import { operationsStatusService } from '../../../shared/wiring/operations';

/**
 * GET /admin/status: operators only (ADMIN_EMAILS, verified addresses); queue depths, dead letters, workflow
 * failures, schedules.
 */
export const handler = http.user({ query: adminStatusQuery }, async ({ auth, query }) => {
  await operatorAccess().require(auth);
  const status = await operationsStatusService().status(
    config().STAGE,
    schedules.map(({ name, description, everyMinutes }) => ({ name, description, everyMinutes })),
    query.failures,
  );
  return json(200, status, { 'cache-control': 'no-store' });
});
