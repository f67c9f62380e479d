import type { LeadChangeListener } from '../leads/lead-service';
import type { CrmStateStore, IntegrationStore } from './ports';

/**
 * A lead edited in the dashboard (e.g. its status moved into a synced one): queue it in the outbox, due now, for
 * every auto-syncing CRM, so the next schedule run syncs it without slowing the edit down. Apart from
 * `IntegrationService` (the /integrations routes: credentials, the vault, the Sheets grants), so PATCH /leads/{id}
 * bundles the two stores it writes through and nothing else of the CRM settings.
 */
export class CrmOutbox implements LeadChangeListener {
  constructor(
    private readonly integrations: Pick<IntegrationStore, 'list'>,
    private readonly state: Pick<CrmStateStore, 'getOutbox' | 'putOutbox'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async leadChanged(workspaceId: string, leadId: string): Promise<void> {
    const integrations = await this.integrations.list(workspaceId);
    for (const integration of integrations.filter((i) => i.autoSync)) {
      const previous = await this.state.getOutbox(workspaceId, integration.crm, leadId);
      await this.state.putOutbox({
        workspaceId,
        crm: integration.crm,
        leadId,
        attempts: previous?.attempts ?? 0,
        nextAttemptAt: this.now().toISOString(),
      });
    }
  }
}
