import { http } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { healthService } from '../../shared/wiring/health';

export const handler = http.public({}, async () => {
  const report = await healthService().check();
  return json(report.status === 'ok' ? 200 : 503, report);
});
