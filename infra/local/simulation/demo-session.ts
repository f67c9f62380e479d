import { randomBytes } from 'node:crypto';
import { DEFAULT_TIMEZONE } from '../../../shared/domain/workspaces/timezone';

/**
 * What a newcomer does first, over the stage's real HTTP API (used by the developer console and `npm run demo`,
 * which may talk to a stage in another process): sign up, create a workspace, connect Instagram through the
 * OAuth routes (auth-url → the simulated Facebook Login dialog → our callback), add the demo scenarios.
 */
export interface DemoSession {
  baseUrl: string;
  email: string;
  password: string;
  accessToken: string;
  workspaceId: string;
}

export class DemoApiError extends Error {
  override name = 'DemoApiError';
  constructor(
    readonly status: number,
    what: string,
    /** The API's answer as it came (the contract's JSON error, usually). */
    readonly body: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 300)}`);
  }
}

/** The two scenarios of the demo: prices asked in DM get an answer, interested comments a private reply. */
export const DEMO_SCENARIOS = [
  {
    name: 'Prix en DM / Price in DM',
    platform: 'any',
    trigger: 'dm',
    keywords: ['prix', 'tarif', 'tarifs', 'combien', 'price', 'prices', 'how much', 'cost'],
    action: 'reply',
    message:
      'Bonjour {{firstName}} ! Nos tarifs sont sur demo.shop/tarifs — un conseiller vous rappelle si vous laissez votre numéro.',
    // A follow-up sequence: 4 h without an answer, a templated reminder; 8 h later, one the AI engine writes.
    followUps: [
      { afterHours: 4, message: 'Avez-vous pu regarder nos tarifs, {{firstName}} ?' },
      { afterHours: 8, message: null },
    ],
    priority: 1,
  },
  {
    name: 'Commentaire intéressé → message privé',
    platform: 'instagram',
    trigger: 'comment',
    keywords: [
      'prix',
      'tarif',
      'info',
      'intéressé',
      'intéressée',
      'interested',
      'price',
      'dispo',
      'available',
    ],
    action: 'private_reply',
    message: 'Merci {{firstName}} ! Je vous envoie les détails en message privé.',
    priority: 2,
  },
] as const;

/** For the console: comments on platforms without private replies (TikTok, YouTube) get a public answer. */
export const PUBLIC_REPLY_SCENARIO = {
  name: 'Question en commentaire → réponse publique',
  platform: 'any',
  trigger: 'comment',
  keywords: ['prix', 'tarif', 'combien', 'info', 'price', 'how much', 'available', 'dispo'],
  action: 'reply',
  message: 'Merci {{firstName}} ! Toutes les infos sont sur demo.shop — écrivez-nous en privé 🙂',
  priority: 3,
} as const;

export async function callApi<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    workspaceId?: string;
    body?: unknown;
    expect?: number[];
    headers?: Record<string, string>;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.workspaceId) headers['x-workspace-id'] = options.workspaceId;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  if (!(options.expect ?? [200, 201, 202, 204]).includes(response.status))
    throw new DemoApiError(response.status, `${method} ${path}`, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs up a fresh demo user (random password, kept in memory only) and creates their workspace. */
export async function createDemoWorkspace(baseUrl: string, name: string): Promise<DemoSession> {
  const email = `demo.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}@flowia.example`;
  const password = randomBytes(18).toString('base64url');
  const session = await callApi<{ accessToken: string }>(baseUrl, 'POST', '/auth/signup', {
    body: { email, password, name: 'Demo' },
  });
  const workspace = await callApi<{ id: string }>(baseUrl, 'POST', '/workspaces', {
    token: session.accessToken,
    body: { name, timezone: DEFAULT_TIMEZONE },
  });
  return { baseUrl, email, password, accessToken: session.accessToken, workspaceId: workspace.id };
}

/** A new access token for the session (they live 15 minutes). */
export async function logInAgain(session: DemoSession): Promise<void> {
  const fresh = await callApi<{ accessToken: string }>(session.baseUrl, 'POST', '/auth/login', {
    body: { email: session.email, password: session.password },
  });
  session.accessToken = fresh.accessToken;
}

/**
 * The simulated demo business belongs to one workspace at a time: the previous demo workspace lets it go first
 * (POST /local/simulation/release), as a real owner disconnects an account before connecting it elsewhere.
 */
async function takeOverDemoAccounts(
  session: DemoSession,
  provider: 'meta' | 'instagram' | 'tiktok' | 'youtube',
) {
  await callApi(session.baseUrl, 'POST', '/local/simulation/release', {
    body: { provider, workspaceId: session.workspaceId },
  });
}

/**
 * GET /social-accounts/<provider>/auth-url like the browser: the consent URL, and the cookie (the OAuth browser
 * binding) the browser would send back to our callback.
 */
async function startOAuth(session: DemoSession, provider: string): Promise<{ url: string; cookie: string }> {
  const path = `/social-accounts/${provider}/auth-url`;
  const response = await fetch(new URL(path, session.baseUrl), {
    headers: { authorization: `Bearer ${session.accessToken}`, 'x-workspace-id': session.workspaceId },
  });
  const text = await response.text();
  if (response.status !== 200) throw new DemoApiError(response.status, `GET ${path}`, text);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { url: (JSON.parse(text) as { url: string }).url, cookie };
}

/** The Facebook Login round trip as the browser makes it; returns the connected accounts' names. */
export async function connectInstagram(session: DemoSession): Promise<string[]> {
  const auth = { token: session.accessToken, workspaceId: session.workspaceId };
  await takeOverDemoAccounts(session, 'meta');
  const { url, cookie } = await startOAuth(session, 'meta');
  const dialog = await fetch(url, { redirect: 'manual' });
  await dialog.arrayBuffer();
  const callback = dialog.headers.get('location');
  if (dialog.status !== 302 || !callback)
    throw new DemoApiError(dialog.status, 'the Facebook Login dialog', 'no redirect back');
  const landing = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  const body = await landing.text();
  const location = landing.headers.get('location');
  if (landing.status !== 302 || !location || new URL(location).searchParams.get('connected') !== 'meta')
    throw new DemoApiError(landing.status, 'the Meta callback', location ?? body);
  const accounts = await callApi<{ items: Array<{ displayName: string }> }>(
    session.baseUrl,
    'GET',
    '/social-accounts',
    auth,
  );
  return accounts.items.map((a) => a.displayName);
}

/**
 * The demo creator (an Instagram account without a Page) through the Instagram Login: our Instagram auth-url →
 * the simulated authorization window (auto-consent) → our callback.
 */
export async function connectWithInstagramLogin(session: DemoSession): Promise<string[]> {
  await takeOverDemoAccounts(session, 'instagram');
  const { url, cookie } = await startOAuth(session, 'instagram');
  const window = await fetch(url, { redirect: 'manual' });
  await window.arrayBuffer();
  const callback = window.headers.get('location');
  if (window.status !== 302 || !callback)
    throw new DemoApiError(window.status, 'the Instagram authorization window', 'no redirect back');
  const landing = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  const body = await landing.text();
  const location = landing.headers.get('location');
  if (landing.status !== 302 || !location || new URL(location).searchParams.get('connected') !== 'instagram')
    throw new DemoApiError(landing.status, 'the Instagram Login callback', location ?? body);
  const accounts = await callApi<{ items: Array<{ displayName: string }> }>(
    session.baseUrl,
    'GET',
    '/social-accounts',
    { token: session.accessToken, workspaceId: session.workspaceId },
  );
  return accounts.items.map((a) => a.displayName);
}

/** TikTok or YouTube: our auth-url → the provider's consent page (simulated: auto-consent) → our callback. */
export async function connectOAuthProvider(
  session: DemoSession,
  provider: 'tiktok' | 'youtube',
): Promise<void> {
  await takeOverDemoAccounts(session, provider);
  const { url, cookie } = await startOAuth(session, provider);
  const consent = await fetch(url, { redirect: 'manual' });
  await consent.arrayBuffer();
  const callback = consent.headers.get('location');
  if (consent.status !== 302 || !callback)
    throw new DemoApiError(consent.status, `the ${provider} consent page`, 'no redirect back');
  const landing = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  const body = await landing.text();
  const location = landing.headers.get('location');
  if (landing.status !== 302 || !location || new URL(location).searchParams.get('status') !== 'connected')
    throw new DemoApiError(landing.status, `the ${provider} callback`, location ?? body);
}

export async function addDemoScenarios(
  session: DemoSession,
  scenarios: ReadonlyArray<Record<string, unknown>> = DEMO_SCENARIOS,
): Promise<void> {
  for (const scenario of scenarios)
    await callApi(session.baseUrl, 'POST', '/scenarios', {
      token: session.accessToken,
      workspaceId: session.workspaceId,
      body: scenario,
    });
}
