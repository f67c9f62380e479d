import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { invitationService } from '../../../shared/wiring/email';

export const handler = http.workspace({ params: idParams, minRole: 'admin' }, async ({ workspace }) =>
  json(200, { items: await invitationService().listForWorkspace(workspace.id), nextCursor: null }),
);
