import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { invitationParams } from '../../../shared/schemas/params';
import { invitationService } from '../../../shared/wiring/email';

export const handler = http.user({ params: invitationParams }, async ({ auth, params }) =>
  json(200, await invitationService().accept(auth, params.invitationId)),
);
