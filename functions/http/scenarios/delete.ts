import { http } from '../../../shared/http/handler';
import { noContent } from '../../../shared/http/response';
import { scenarioIdParams } from '../../../shared/schemas/scenarios';
import { scenarioService } from '../../../shared/wiring/scenarios';

export const handler = http.workspace(
  { params: scenarioIdParams, minRole: 'admin' },
  async ({ workspace, params }) => {
    await scenarioService().remove(workspace.id, params.id);
    return noContent();
  },
);
