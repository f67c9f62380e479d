import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { analyticsQuery } from '../../../shared/schemas/analytics';
import { analyticsService } from '../../../shared/wiring/analytics';

/** Each scenario's funnel over the range (its A/B versions apart). */
export const handler = http.workspace({ query: analyticsQuery }, async ({ workspace, query }) =>
  json(200, await analyticsService().byScenario(workspace.id, query)),
);
