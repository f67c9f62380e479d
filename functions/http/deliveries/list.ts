import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { listDeliveriesQuery } from '../../../shared/schemas/deliveries';
import { deliveryService } from '../../../shared/wiring/deliveries';

/** The workspace's delivery log, newest first: every outgoing message with each attempt and its explanation. */
export const handler = http.workspace({ query: listDeliveriesQuery }, async ({ workspace, query }) =>
  json(200, await deliveryService().list(workspace.id, query)),
);
