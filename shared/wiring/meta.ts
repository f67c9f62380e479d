import { stageTable } from '../adapters/dynamo/client';
import { DynamoDataDeletionStore } from '../adapters/dynamo/data-deletion-store';
import { DynamoMetaUserIndex } from '../adapters/dynamo/meta-user-index';
import { GraphClient } from '../adapters/meta/graph-client';
import { GraphInstagramLogin } from '../adapters/meta/instagram-login';
import { GraphMetaLogin } from '../adapters/meta/meta-login';
import { MetaProvider } from '../adapters/meta/meta-provider';
import { config } from '../config';
import { oauthCallbackUrl } from '../domain/oauth/callback';
import { ProviderNotConfiguredError } from '../errors';
import { MetaConnectService } from '../services/meta/connect-service';
import { MetaDataRightsService } from '../services/meta/data-rights-service';
import { INSTAGRAM_LOGIN, InstagramConnectService } from '../services/meta/instagram-connect-service';
import { InstagramLoginUsers } from '../services/meta/instagram-login-users';
import { auditLog } from './audit';
import { built } from './container';
import { oauthStates } from './oauth-states';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/** Meta's composition root. Without META_APP_ID / META_APP_SECRET every entry point is a 503 provider_not_configured. */

export function metaApp(): { appId: string; appSecret: string } {
  const { META_APP_ID, META_APP_SECRET } = config();
  if (!META_APP_ID || !META_APP_SECRET) throw new ProviderNotConfiguredError('meta');
  return { appId: META_APP_ID, appSecret: META_APP_SECRET };
}

export function metaGraphClient(): GraphClient {
  return built(metaGraphClient, () => {
    metaApp();
    return new GraphClient({ baseUrl: config().META_GRAPH_URL, version: config().META_GRAPH_VERSION });
  });
}

export function metaLogin(): GraphMetaLogin {
  return built(metaLogin, () => {
    const app = metaApp();
    return new GraphMetaLogin(metaGraphClient(), {
      ...app,
      oauthBaseUrl: config().META_OAUTH_URL,
      version: config().META_GRAPH_VERSION,
      configId: config().META_CONFIG_ID,
    });
  });
}

/** graph.instagram.com: the Graph calls of accounts connected through the Instagram Login. */
export function instagramGraphClient(): GraphClient {
  return built(
    instagramGraphClient,
    (c) => new GraphClient({ baseUrl: c.INSTAGRAM_GRAPH_URL, version: c.META_GRAPH_VERSION }),
  );
}

/** The Instagram Login (Instagram app id and secret): 503 provider_not_configured without them. */
export function instagramLogin(): GraphInstagramLogin {
  return built(instagramLogin, (c) => {
    const { INSTAGRAM_APP_ID, INSTAGRAM_APP_SECRET } = c;
    if (!INSTAGRAM_APP_ID || !INSTAGRAM_APP_SECRET) throw new ProviderNotConfiguredError(INSTAGRAM_LOGIN);
    return new GraphInstagramLogin(
      instagramGraphClient(),
      new GraphClient({ baseUrl: c.INSTAGRAM_GRAPH_URL, version: '' }),
      {
        appId: INSTAGRAM_APP_ID,
        appSecret: INSTAGRAM_APP_SECRET,
        oauthBaseUrl: c.INSTAGRAM_OAUTH_URL,
        apiBaseUrl: c.INSTAGRAM_API_URL,
      },
    );
  });
}

export function metaProvider(): MetaProvider {
  return built(
    metaProvider,
    () =>
      new MetaProvider(metaGraphClient(), tokenVault(), undefined, {
        graph: instagramGraphClient(),
        login: { refresh: (token) => instagramLogin().refresh(token) },
        accounts: socialAccountStore(),
      }),
  );
}

/** Connecting an Instagram professional account through the Instagram Login (Meta's webhook keys needed too). */
export function instagramConnectService(): InstagramConnectService {
  return built(instagramConnectService, (c) => {
    metaApp();
    return new InstagramConnectService(
      instagramLogin(),
      socialAccountStore(),
      tokenVault(),
      oauthStates(),
      { redirectUri: oauthCallbackUrl(c.appBaseUrl, INSTAGRAM_LOGIN) },
      auditLog(),
      metaUsers(),
    );
  });
}

export function metaConnectService(): MetaConnectService {
  return built(
    metaConnectService,
    () =>
      new MetaConnectService(
        metaLogin(),
        socialAccountStore(),
        tokenVault(),
        oauthStates(),
        {
          redirectUri: oauthCallbackUrl(config().appBaseUrl, 'meta'),
        },
        metaUsers(),
        auditLog(),
      ),
  );
}

/** Meta's deauthorize and data deletion callbacks (signed_request, verified with the app secret). */
export function metaDataRightsService(): MetaDataRightsService {
  return built(metaDataRightsService, () => {
    const { appSecret } = metaApp();
    return new MetaDataRightsService(
      socialAccountStore(),
      metaUsers(),
      new DynamoDataDeletionStore(stageTable),
      { appSecret, appBaseUrl: config().appBaseUrl },
      auditLog(),
    );
  });
}

function metaUsers(): DynamoMetaUserIndex {
  return built(metaUsers, () => new DynamoMetaUserIndex(stageTable));
}

/**
 * The Instagram app's own deauthorize and data deletion callbacks (Instagram > API setup with Instagram login >
 * Business login settings): signed_request verified with INSTAGRAM_APP_SECRET, Instagram Login accounts only.
 */
export function instagramDataRightsService(): MetaDataRightsService {
  return built(instagramDataRightsService, (c) => {
    const { INSTAGRAM_APP_SECRET } = c;
    if (!INSTAGRAM_APP_SECRET) throw new ProviderNotConfiguredError(INSTAGRAM_LOGIN);
    return new MetaDataRightsService(
      socialAccountStore(),
      new InstagramLoginUsers(metaUsers(), socialAccountStore()),
      new DynamoDataDeletionStore(stageTable),
      { appSecret: INSTAGRAM_APP_SECRET, login: 'instagram', appBaseUrl: c.appBaseUrl },
      auditLog(),
    );
  });
}

/** The public status page needs no Meta keys: it only reads what a past request recorded. */
export function dataDeletionStatusStore(): DynamoDataDeletionStore {
  return built(dataDeletionStatusStore, () => new DynamoDataDeletionStore(stageTable));
}
