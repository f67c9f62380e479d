import { PLAN_IDS, PLANS } from '../../../shared/domain/plans/catalog';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';

/** The catalog itself, so the pricing page shows the same prices and limits the backend enforces. */
export const handler = http.public({}, async () =>
  json(200, { items: PLAN_IDS.map((id) => PLANS[id]) }, { 'cache-control': 'public, max-age=300' }),
);
