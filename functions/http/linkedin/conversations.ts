import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { linkedInService } from '../../../shared/wiring/linkedin';

/** What the processor last synced (POST /social-accounts/linkedin/sync refreshes it). */
export const handler = http.workspace({}, async ({ workspace }) =>
  json(200, { items: await linkedInService().conversations(workspace.id), nextCursor: null }),
);
