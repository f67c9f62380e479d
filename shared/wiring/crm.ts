import { stageTable } from '../adapters/dynamo/client';
import { DynamoCrmErasureStore } from '../adapters/dynamo/crm-erasure-store';
import { DynamoCrmStateStore } from '../adapters/dynamo/crm-state-store';
import { DynamoIntegrationStore } from '../adapters/dynamo/integration-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { config } from '../config';
import { CrmCredentialKeeper } from '../services/crm/crm-credentials';
import { CrmSyncService } from '../services/crm/crm-sync-service';
import type { CrmSyncer, CrmWriterFactory } from '../services/crm/ports';
import { built } from './container';
import { googleOAuthClient } from './google';
import { notificationService } from './notifications';
import { tokenVault } from './vault';

/**
 * Official SDKs pointed at SHEETS_API_URL / NOTION_API_URL / AIRTABLE_API_URL (the fakes in tests). Each writer's
 * module is imported when a sync first needs it, and the writer loads its SDK (googleapis with
 * google-auth-library, @notionhq/client, airtable) then: the bundles do not contain the SDKs, which were most of
 * the sync step's code and of its cold start, but load the one a workspace syncs to from a file beside them
 * (infra/cdk/bundling.ts LAZY_PACKAGES).
 */
export function crmWriters(): Record<'sheets' | 'notion' | 'airtable', CrmWriterFactory> {
  const c = config();
  return {
    sheets: async (credentials, target) => {
      if (credentials.crm !== 'sheets' || target.crm !== 'sheets')
        throw new Error('sheets credentials expected');
      const { SheetsWriter } = await import('../adapters/sheets/sheets-writer');
      return SheetsWriter.open({
        rootUrl: c.SHEETS_API_URL,
        timeoutMs: c.CRM_REQUEST_TIMEOUT_MS,
        accessToken: credentials.accessToken,
        spreadsheetId: target.spreadsheetId,
        sheetName: target.sheetName,
      });
    },
    notion: async (credentials, target) => {
      if (credentials.crm !== 'notion' || target.crm !== 'notion')
        throw new Error('notion credentials expected');
      const { NotionWriter } = await import('../adapters/notion/notion-writer');
      return NotionWriter.open({
        baseUrl: c.NOTION_API_URL,
        timeoutMs: c.CRM_REQUEST_TIMEOUT_MS,
        token: credentials.token,
        databaseId: target.databaseId,
      });
    },
    airtable: async (credentials, target) => {
      if (credentials.crm !== 'airtable' || target.crm !== 'airtable')
        throw new Error('airtable credentials expected');
      const { AirtableWriter } = await import('../adapters/airtable/airtable-writer');
      return AirtableWriter.open({
        endpointUrl: c.AIRTABLE_API_URL,
        timeoutMs: c.CRM_REQUEST_TIMEOUT_MS,
        apiKey: credentials.apiKey,
        baseId: target.baseId,
        tableName: target.tableName,
        rateLimitWaitMs: c.AIRTABLE_RATE_LIMIT_WAIT_MS,
      });
    },
  };
}

function crmSyncService(): CrmSyncService {
  return built(crmSyncService, (c) => {
    return new CrmSyncService({
      leads: new DynamoLeadStore(stageTable),
      workspaces: new DynamoWorkspaceStore(stageTable),
      integrations: new DynamoIntegrationStore(stageTable),
      state: new DynamoCrmStateStore(stageTable),
      erasures: new DynamoCrmErasureStore(stageTable),
      notifications: notificationService(),
      credentials: new CrmCredentialKeeper({
        vault: tokenVault(),
        integrations: new DynamoIntegrationStore(stageTable),
        google: () => googleOAuthClient('sheets'),
        notifications: notificationService(),
        refreshMarginMs: c.TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
      }),
      writers: crmWriters(),
      retry: { maxAttempts: 4, baseDelayMs: c.CRM_RETRY_BASE_MS, budgetMs: c.CRM_RETRY_BUDGET_MS },
    });
  });
}

/** The CRM syncer of this container: the workflow's syncCrm step and the lead dashboard call it. */
export function crmSyncer(): CrmSyncer {
  return crmSyncService();
}

/** The retry schedule's entry point: the failed syncs, and the CRM records of erased contacts (DELETE /leads/{id}). */
export function crmRetryRunner(): Pick<CrmSyncService, 'retryDue' | 'eraseDue'> {
  return crmSyncService();
}
