import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { analyticsQuery } from '../../../shared/schemas/analytics';
import { analyticsService } from '../../../shared/wiring/analytics';

/** Each post's funnel over the range: what the scenarios did with the comments on it. */
export const handler = http.workspace({ query: analyticsQuery }, async ({ workspace, query }) =>
  json(200, await analyticsService().byPost(workspace.id, query)),
);
