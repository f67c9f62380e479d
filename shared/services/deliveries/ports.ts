import type { SendRecord, SendStatus } from '../../domain/delivery/send-record';

export interface DeliveryFilter {
  status?: SendStatus | undefined;
  platform?: string | undefined;
  /** Inclusive ISO 8601 bounds on the first attempt's time. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The delivery log: the send records, read through their workspace/time and lead/time index views. */
export interface DeliveryStore {
  list(
    workspaceId: string,
    filter: DeliveryFilter,
  ): Promise<{ items: SendRecord[]; nextCursor: string | null }>;
  ofLead(workspaceId: string, leadId: string, limit: number): Promise<SendRecord[]>;
}
