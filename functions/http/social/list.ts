import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { socialAccountService } from '../../../shared/wiring/social-accounts';

/** Every provider's connected accounts of the workspace, without any credential. */
export const handler = http.workspace({}, async ({ workspace }) =>
  json(200, { items: await socialAccountService().list(workspace.id), nextCursor: null }),
);
