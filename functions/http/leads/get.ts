import { publicLead } from '../../../shared/domain/leads/public-lead';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { deliveryService } from '../../../shared/wiring/deliveries';
import { leadDetail } from '../../../shared/wiring/lead-detail';

export const handler = http.workspace({ params: idParams }, async ({ workspace, params }) => {
  const { lead, history } = await leadDetail().getWithHistory(workspace.id, params.id);
  const deliveries = await deliveryService().ofLead(workspace.id, params.id);
  // A conversation is its lead's thread: GET /conversations/{conversationId} (same id).
  return json(200, { lead: publicLead(lead), conversationId: lead.id, history, deliveries });
});
