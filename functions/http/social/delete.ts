import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { socialAccountService } from '../../../shared/wiring/social-accounts';

export const handler = http.workspace(
  { params: idParams, minRole: 'admin' },
  async ({ workspace, params, auth }) => {
    await socialAccountService().remove(workspace.id, params.id, actorOf(auth));
    return noContent();
  },
);
