import type { LeadStatus } from '../../domain/leads/lead';
import { LEAD_FIELD_ORDER, LEAD_FIELD_TITLES } from '../../domain/leads/lead-fields';
import { requireFeature } from '../../domain/plans/features';
import { NotFoundError, ValidationError } from '../../errors';
import type { SealedSecret } from '../vault/envelope';
import type { TokenVault } from '../vault/token-vault';
import type {
  CrmCredentials,
  CrmName,
  CrmTarget,
  Integration,
  IntegrationStore,
  PendingGrantStore,
} from './ports';

export interface IntegrationInput {
  target: CrmTarget;
  credentials: CrmCredentials | undefined;
  autoSync: boolean;
  statuses: LeadStatus[];
}

/**
 * Per-workspace CRM settings. Credentials go into the vault sealed for (workspace, crm) and never come back out.
 * Notion and Airtable keys come in the body; Sheets credentials come only from Google OAuth (the grant the
 * callback left for this workspace, or the one already stored): a pasted access token would die within the hour.
 */
export class IntegrationService {
  constructor(
    private readonly store: IntegrationStore,
    private readonly workspaces: { getWorkspace(id: string): Promise<{ plan: string } | undefined> },
    private readonly vault: Pick<TokenVault, 'sealJson'>,
    private readonly grants: PendingGrantStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(workspaceId: string) {
    return (await this.store.list(workspaceId)).map(view);
  }

  async put(workspaceId: string, crm: CrmName, input: IntegrationInput) {
    const workspace = await this.workspaces.getWorkspace(workspaceId);
    requireFeature(workspace?.plan, 'crmSync');
    const existing = await this.store.get(workspaceId, crm);
    const grant = crm === 'sheets' ? await this.grants.get(workspaceId, crm, this.now()) : undefined;
    if (!input.credentials && !existing && !grant)
      throw crm === 'sheets'
        ? new ValidationError(
            'Connect a Google account first: open the URL of GET /integrations/sheets/auth-url, then save the spreadsheet.',
            [{ path: 'credentials', message: 'no Google authorization for this workspace yet' }],
          )
        : new ValidationError('Credentials are required to connect this CRM.', [
            { path: 'credentials', message: 'required' },
          ]);
    const at = this.now().toISOString();
    let credentials: SealedSecret;
    if (input.credentials)
      credentials = await this.vault.sealJson({ workspaceId, provider: crm }, input.credentials);
    else if (grant) credentials = grant.sealed;
    else credentials = (existing as Integration).credentials;
    const integration: Integration = {
      ...existing,
      workspaceId,
      crm,
      target: input.target,
      autoSync: input.autoSync,
      statuses: input.statuses,
      credentials,
      // A new consent starts a new connection: active again, and the next outage notifies again.
      ...(grant ? { status: 'active' as const, lastError: null, connectedAt: grant.grantedAt } : {}),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    await this.store.put(integration);
    if (grant) await this.grants.remove(workspaceId, crm);
    return view(integration);
  }

  async remove(workspaceId: string, crm: CrmName): Promise<void> {
    if (!(await this.store.get(workspaceId, crm))) throw new NotFoundError('This CRM is not connected.');
    await this.store.remove(workspaceId, crm);
    if (crm === 'sheets') await this.grants.remove(workspaceId, crm);
  }
}

function view(integration: Integration) {
  const { crm: _crm, ...target } = integration.target;
  return {
    crm: integration.crm,
    target: target as Record<string, string>,
    autoSync: integration.autoSync,
    statuses: integration.statuses,
    credentialsSet: true,
    status: integration.status ?? 'active',
    lastError: integration.lastError ?? null,
    fields: LEAD_FIELD_ORDER.map((field) => LEAD_FIELD_TITLES[field]),
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}
