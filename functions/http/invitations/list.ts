import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { invitationService } from '../../../shared/wiring/email';

/** GET /invitations: the invitations waiting for the caller's verified address. */
export const handler = http.user({}, async ({ auth }) =>
  json(200, { items: await invitationService().listMine(auth), nextCursor: null }),
);
