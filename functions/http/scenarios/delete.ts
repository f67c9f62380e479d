import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace(
  { params: idParams, minRole: 'admin' },
  async ({ workspace, params }) => {
    await scenarioService().remove(workspace.id, params.id);
    return noContent();
  },
);
