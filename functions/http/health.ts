import { http } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { healthService } from '../../shared/wiring/health';

/** 503 only when a critical check fails (the table); a degraded queue or a missing provider still answers 200. */
export const handler = http.public({}, async () => {
  const report = await healthService().check();
  return json(report.status === 'failing' ? 503 : 200, report);
});
