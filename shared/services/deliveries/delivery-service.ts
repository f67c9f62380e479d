import { type DeliveryView, toDeliveryView } from '../../domain/delivery/delivery-view';
import type { DeliveryFilter, DeliveryStore } from './ports';

/** Deliveries shown with a lead: the newest ones (a lead rarely gets more than a handful). */
export const LEAD_DELIVERIES_LIMIT = 50;

/** The delivery log: every outgoing message with each attempt, failures explained (GET /deliveries). */
export class DeliveryService {
  constructor(private readonly store: DeliveryStore) {}

  async list(
    workspaceId: string,
    filter: DeliveryFilter,
  ): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const page = await this.store.list(workspaceId, filter);
    return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  }

  async ofLead(workspaceId: string, leadId: string): Promise<DeliveryView[]> {
    return (await this.store.ofLead(workspaceId, leadId, LEAD_DELIVERIES_LIMIT)).map(toDeliveryView);
  }
}
