import { stageTable } from '../adapters/dynamo/client';
import { DynamoDataDeletionStore } from '../adapters/dynamo/data-deletion-store';
import { DynamoMetaUserIndex } from '../adapters/dynamo/meta-user-index';
import { GraphClient } from '../adapters/meta/graph-client';
import { GraphInstagramLogin } from '../adapters/meta/instagram-login';
import { GraphMentionedCommentReader } from '../adapters/meta/mentioned-comments';
import { GraphMetaLogin } from '../adapters/meta/meta-login';
import { MetaProvider } from '../adapters/meta/meta-provider';
import { config } from '../config';
import { oauthCallbackUrl } from '../domain/oauth/callback';
import { ProviderNotConfiguredError } from '../errors';
import { MetaConnectService } from '../services/meta/connect-service';
import { MetaDataRightsService } from '../services/meta/data-rights-service';
import { INSTAGRAM_LOGIN, InstagramConnectService } from '../services/meta/instagram-connect-service';
import { InstagramLoginUsers } from '../services/meta/instagram-login-users';
import { MetaWebhookService } from '../services/meta/webhook-service';
import { accountHealthService } from './account-health';
import { auditLog } from './audit';
import { oauthStates } from './oauth-states';
import { queuePublisher } from './queues';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/** Meta's composition root. Without META_APP_ID / META_APP_SECRET every entry point is a 503 provider_not_configured. */
let graph: GraphClient | undefined;
let login: GraphMetaLogin | undefined;
let provider: MetaProvider | undefined;
let connect: MetaConnectService | undefined;
let webhook: MetaWebhookService | undefined;
let dataRights: MetaDataRightsService | undefined;
let instagramDataRights: MetaDataRightsService | undefined;
let instagramGraph: GraphClient | undefined;
let instagramGateway: GraphInstagramLogin | undefined;
let instagramConnect: InstagramConnectService | undefined;
const metaUsers = new DynamoMetaUserIndex(stageTable);

function metaApp(): { appId: string; appSecret: string } {
  const { META_APP_ID, META_APP_SECRET } = config();
  if (!META_APP_ID || !META_APP_SECRET) throw new ProviderNotConfiguredError('meta');
  return { appId: META_APP_ID, appSecret: META_APP_SECRET };
}

export function metaGraphClient(): GraphClient {
  metaApp();
  graph ??= new GraphClient({ baseUrl: config().META_GRAPH_URL, version: config().META_GRAPH_VERSION });
  return graph;
}

export function metaLogin(): GraphMetaLogin {
  const app = metaApp();
  login ??= new GraphMetaLogin(metaGraphClient(), {
    ...app,
    oauthBaseUrl: config().META_OAUTH_URL,
    version: config().META_GRAPH_VERSION,
    configId: config().META_CONFIG_ID,
  });
  return login;
}

/** graph.instagram.com: the Graph calls of accounts connected through the Instagram Login. */
export function instagramGraphClient(): GraphClient {
  instagramGraph ??= new GraphClient({
    baseUrl: config().INSTAGRAM_GRAPH_URL,
    version: config().META_GRAPH_VERSION,
  });
  return instagramGraph;
}

/** The Instagram Login (Instagram app id and secret): 503 provider_not_configured without them. */
export function instagramLogin(): GraphInstagramLogin {
  const { INSTAGRAM_APP_ID, INSTAGRAM_APP_SECRET } = config();
  if (!INSTAGRAM_APP_ID || !INSTAGRAM_APP_SECRET) throw new ProviderNotConfiguredError(INSTAGRAM_LOGIN);
  instagramGateway ??= new GraphInstagramLogin(
    instagramGraphClient(),
    new GraphClient({ baseUrl: config().INSTAGRAM_GRAPH_URL, version: '' }),
    {
      appId: INSTAGRAM_APP_ID,
      appSecret: INSTAGRAM_APP_SECRET,
      oauthBaseUrl: config().INSTAGRAM_OAUTH_URL,
      apiBaseUrl: config().INSTAGRAM_API_URL,
    },
  );
  return instagramGateway;
}

export function metaProvider(): MetaProvider {
  provider ??= new MetaProvider(metaGraphClient(), tokenVault(), undefined, {
    graph: instagramGraphClient(),
    login: { refresh: (token) => instagramLogin().refresh(token) },
    accounts: socialAccountStore(),
  });
  return provider;
}

/** Connecting an Instagram professional account through the Instagram Login (Meta's webhook keys needed too). */
export function instagramConnectService(): InstagramConnectService {
  metaApp();
  instagramConnect ??= new InstagramConnectService(
    instagramLogin(),
    socialAccountStore(),
    tokenVault(),
    oauthStates(),
    { redirectUri: oauthCallbackUrl(config().appBaseUrl, INSTAGRAM_LOGIN) },
    auditLog(),
    metaUsers,
  );
  return instagramConnect;
}

export function metaConnectService(): MetaConnectService {
  connect ??= new MetaConnectService(
    metaLogin(),
    socialAccountStore(),
    tokenVault(),
    oauthStates(),
    {
      redirectUri: oauthCallbackUrl(config().appBaseUrl, 'meta'),
    },
    metaUsers,
    auditLog(),
  );
  return connect;
}

export function metaWebhookService(): MetaWebhookService {
  const { appId, appSecret } = metaApp();
  const verifyToken = config().META_VERIFY_TOKEN;
  if (!verifyToken) throw new ProviderNotConfiguredError('meta');
  webhook ??= new MetaWebhookService(
    socialAccountStore(),
    queuePublisher(),
    { appId, appSecret, verifyToken, instagramAppSecret: config().INSTAGRAM_APP_SECRET },
    accountHealthService(),
    new GraphMentionedCommentReader(metaGraphClient(), tokenVault()),
  );
  return webhook;
}

/** Meta's deauthorize and data deletion callbacks (signed_request, verified with the app secret). */
export function metaDataRightsService(): MetaDataRightsService {
  const { appSecret } = metaApp();
  dataRights ??= new MetaDataRightsService(
    socialAccountStore(),
    metaUsers,
    new DynamoDataDeletionStore(stageTable),
    { appSecret, appBaseUrl: config().appBaseUrl },
    auditLog(),
  );
  return dataRights;
}

/**
 * The Instagram app's own deauthorize and data deletion callbacks (Instagram > API setup with Instagram login >
 * Business login settings): signed_request verified with INSTAGRAM_APP_SECRET, Instagram Login accounts only.
 */
export function instagramDataRightsService(): MetaDataRightsService {
  const { INSTAGRAM_APP_SECRET } = config();
  if (!INSTAGRAM_APP_SECRET) throw new ProviderNotConfiguredError(INSTAGRAM_LOGIN);
  instagramDataRights ??= new MetaDataRightsService(
    socialAccountStore(),
    new InstagramLoginUsers(metaUsers, socialAccountStore()),
    new DynamoDataDeletionStore(stageTable),
    { appSecret: INSTAGRAM_APP_SECRET, login: 'instagram', appBaseUrl: config().appBaseUrl },
    auditLog(),
  );
  return instagramDataRights;
}

/** The public status page needs no Meta keys: it only reads what a past request recorded. */
export function dataDeletionStatusStore(): DynamoDataDeletionStore {
  return new DynamoDataDeletionStore(stageTable);
}
