import type { ServerResponse } from 'node:http';
import { stageTable } from '../../../shared/adapters/dynamo/client';
import { DynamoTraceStore, type StoredTraceStep } from '../../../shared/adapters/dynamo/trace-store';
import { CONVERSATION_STATUSES } from '../../../shared/domain/conversations/conversation';
import type { Platform } from '../../../shared/domain/messages/platforms';
import { fields } from '../../../shared/schemas/validation';
import { socialAccountStore } from '../../../shared/wiring/social-accounts';
import { DynamoLocalMailbox } from '../adapters/local-mailbox';
import type { LocalPlugin, LocalStageContext } from '../plugin';
import { runScheduleNow } from '../schedules-plugin';
import { localWorkflow } from '../workflow-plugin';
import { DEMO_TIKTOK, DEMO_YOUTUBE } from './collected';
import { consolePage } from './console-page';
import {
  addDemoScenarios,
  callApi,
  connectInstagram,
  connectOAuthProvider,
  connectWithInstagramLogin,
  createDemoWorkspace,
  DEMO_SCENARIOS,
  DemoApiError,
  type DemoSession,
  logInAgain,
  PUBLIC_REPLY_SCENARIO,
} from './demo-session';
import type { SimulatedLinkedIn } from './linkedin';
import { DEMO_CREATOR, DEMO_PAGE, SimulationInputError } from './meta';
import { jsonBody, localReply, queryOf } from './reply';
import { runningWorld } from './world';

const PLATFORMS = ['instagram', 'facebook', 'tiktok', 'youtube', 'linkedin'] as const;

/** The simulated world's demo business, per provider: the external accounts its login grants. */
const DEMO_ACCOUNTS: Record<'meta' | 'instagram' | 'tiktok' | 'youtube', Array<[Platform, string]>> = {
  meta: [
    ['facebook', DEMO_PAGE.id],
    ['instagram', DEMO_PAGE.instagram.id],
  ],
  /** The creator of the Instagram Login. */
  instagram: [['instagram', DEMO_CREATOR.id]],
  tiktok: [['tiktok', DEMO_TIKTOK.openId]],
  youtube: [['youtube', DEMO_YOUTUBE.channel.id]],
};
const KINDS = ['dm', 'comment'] as const;

/**
 * The developer console (local stage only, never in the AWS manifest): GET / is a self-contained page; the
 * /local/... JSON routes behind it make simulated people write (through the fake and the signed webhook), wait
 * for the workflow, and read what happened — the trace from the real trace store, leads and usage from the real
 * API, the messages sent from the fakes' records. Nothing here returns a credential: the console's own session
 * stays in this process, and trace entries were redacted when the workflow wrote them.
 */
export function developerConsolePlugin(): LocalPlugin {
  return {
    name: 'developer-console',
    start(context) {
      const traces = new DynamoTraceStore(stageTable);
      const mailbox = new DynamoLocalMailbox();
      let session: Promise<DemoSession> | undefined;
      /**
       * The workspaces the console can show: its own, and each one a demo run handed over (POST
       * /local/console/adopt), by workspace id. The console shows the chosen one; a demo run's workspace is chosen
       * the moment it is handed over, so `npm run demo` then opening the console shows the demo's leads.
       */
      const known = new Map<string, { session: DemoSession; name: string }>();

      const consoleSession = () => {
        session ??= openConsoleSession(context).then(
          (opened) => {
            if (!known.has(opened.workspaceId))
              known.set(opened.workspaceId, { session: opened, name: 'Console workspace' });
            return opened;
          },
          (error: Error) => {
            session = undefined;
            throw error;
          },
        );
        return session;
      };

      /** The real API with the console's session, logging in again once when the token expired. */
      async function api<T>(
        path: string,
        method = 'GET',
        body?: unknown,
        expect?: number[],
        headers?: Record<string, string>,
      ): Promise<T> {
        const current = await consoleSession();
        const call = () =>
          callApi<T>(current.baseUrl, method, path, {
            token: current.accessToken,
            workspaceId: current.workspaceId,
            ...(body === undefined ? {} : { body }),
            ...(expect ? { expect } : {}),
            ...(headers ? { headers } : {}),
          });
        try {
          return await call();
        } catch (error) {
          if (!(error instanceof DemoApiError) || error.status !== 403) throw error;
          await logInAgain(current);
          return call();
        }
      }

      const route = (
        method: string,
        path: string,
        handle: (body: Buffer, query: URLSearchParams, response: ServerResponse) => Promise<unknown>,
      ) =>
        context.addRoute({
          method,
          path,
          handle: async (request, response, body) => {
            try {
              const result = await handle(body, queryOf(request), response);
              if (result !== undefined) localReply(response, 200, result);
            } catch (error) {
              // The API's own refusal (a closed messaging window, a bad reply) reaches the page as the API said it.
              if (error instanceof DemoApiError && error.status < 500) {
                localReply(response, error.status, apiErrorOf(error));
                return;
              }
              const status = error instanceof LocalRouteError ? error.status : 500;
              localReply(response, status, {
                error: {
                  code: error instanceof LocalRouteError ? error.code : 'internal_error',
                  message: (error as Error).message,
                },
              });
            }
          },
        });

      context.addRoute({
        method: 'GET',
        path: '/',
        handle: (_request, response) => {
          response.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy':
              "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
          });
          response.end(consolePage);
        },
      });

      /**
       * The simulated world has one demo business, and an external account belongs to one workspace at a time:
       * each demo session (the console's, every `npm run demo`, a restarted stage's) takes it over the way its
       * owner would, disconnecting it from the previous demo workspace first. Their leads stay where they are.
       */
      route('POST', '/local/simulation/release', async (raw) => {
        const body = jsonBody(raw) ?? {};
        const provider = (['meta', 'instagram', 'tiktok', 'youtube'] as const).find(
          (p) => p === body.provider,
        );
        const workspaceId = typeof body.workspaceId === 'string' ? body.workspaceId : '';
        if (!provider || !workspaceId)
          throw new LocalRouteError(
            400,
            'validation_error',
            'provider (meta|instagram|tiktok|youtube) and workspaceId are required',
          );
        const store = socialAccountStore();
        let released = 0;
        for (const [platform, externalId] of DEMO_ACCOUNTS[provider]) {
          const owner = await store.ownerOf(platform, externalId);
          if (!owner || owner.workspaceId === workspaceId) continue;
          await store.remove(owner.workspaceId, owner.id);
          released += 1;
        }
        return { released };
      });

      /**
       * Once the console is open, a simulated person writes to the console's workspace: if a demo run took the
       * demo business over meanwhile, the console takes it back first. A demo run names its own workspace.
       */
      async function ensureMetaAccount(platform: 'instagram' | 'facebook', forWorkspace: unknown) {
        if (!session || typeof forWorkspace === 'string') return;
        const { items } = await api<{ items: Array<{ platform: string; status: string }> }>(
          '/social-accounts',
        );
        if (!items.some((a) => a.platform === platform && a.status === 'active'))
          await connectInstagram(await consoleSession());
      }

      route('POST', '/local/simulate', async (raw) => {
        const body = jsonBody(raw) ?? {};
        const platform = PLATFORMS.find((p) => p === body.platform);
        const kind = KINDS.find((k) => k === body.kind);
        const text = typeof body.text === 'string' ? body.text.trim() : '';
        const username = typeof body.username === 'string' ? body.username.trim() : '';
        const deliveries = Number(body.deliveries ?? 1);
        if (!platform || !kind || !text || text.length > 1000 || !/^[\w.]{1,30}$/.test(username))
          throw new LocalRouteError(
            400,
            'validation_error',
            'platform (instagram|facebook|tiktok|youtube|linkedin), kind (dm|comment), username (letters, digits, _ and .) and text (1–1000 chars) are required',
          );
        if (!Number.isInteger(deliveries) || deliveries < 1 || deliveries > 5)
          throw new LocalRouteError(400, 'validation_error', 'deliveries must be 1 to 5');
        const tap =
          (body.tap === 'button' || body.tap === 'quick_reply') && kind === 'dm'
            ? typeof body.payload === 'string' && body.payload.length > 0 && body.payload.length <= 1000
              ? { kind: body.tap as 'button' | 'quick_reply', payload: body.payload }
              : null
            : undefined;
        if (tap === null || (body.tap !== undefined && tap === undefined))
          throw new LocalRouteError(
            400,
            'validation_error',
            'tap (button|quick_reply) is a Meta DM with a payload of 1 to 1000 characters',
          );
        const mediaId = typeof body.mediaId === 'string' ? body.mediaId : undefined;
        if (body.mediaId !== undefined && (mediaId === undefined || kind !== 'comment'))
          throw new LocalRouteError(400, 'validation_error', 'mediaId is the post of an Instagram comment');
        const fromId =
          typeof body.fromId === 'string' && /^[\w.-]{1,64}$/.test(body.fromId) ? body.fromId : undefined;
        const from = { username, ...(fromId ? { id: fromId } : {}) };
        const world = runningWorld();
        if (platform === 'linkedin') {
          if (!world?.linkedin) throw notSimulated('LinkedIn');
          if (kind !== 'dm')
            throw new LocalRouteError(400, 'validation_error', 'linkedin is simulated with DMs only');
          return linkedInDm(world.linkedin, from, text);
        }
        if (platform === 'tiktok' || platform === 'youtube') {
          const source = world?.[platform];
          if (!source) throw notSimulated(platform);
          if (kind !== 'comment')
            throw new LocalRouteError(400, 'validation_error', `${platform} is simulated with comments only`);
          return source.comment(from, text);
        }
        if (!world?.meta) throw notSimulated('Meta');
        await ensureMetaAccount(platform, body.workspaceId);
        try {
          return await world.meta.write({
            platform,
            kind,
            text,
            deliveries,
            from,
            ...(tap ? { tap } : {}),
            ...(mediaId ? { mediaId } : {}),
          });
        } catch (error) {
          if (error instanceof SimulationInputError)
            throw new LocalRouteError(400, 'validation_error', error.message);
          throw error;
        }
      });

      /** The owner answers from the Instagram / Facebook app: Meta's echo reaches the webhook (the bot pauses). */
      route('POST', '/local/simulate/owner-reply', async (raw) => {
        const body = jsonBody(raw) ?? {};
        const platform = (['instagram', 'facebook'] as const).find((p) => p === body.platform);
        const toId = typeof body.toId === 'string' ? body.toId : '';
        const text = typeof body.text === 'string' ? body.text.trim() : '';
        if (!platform || !/^[\w.-]{1,64}$/.test(toId) || !text || text.length > 1000)
          throw new LocalRouteError(
            400,
            'validation_error',
            'platform (instagram|facebook), toId (the person) and text (1–1000 chars) are required',
          );
        const world = runningWorld();
        if (!world?.meta) throw notSimulated('Meta');
        try {
          return await world.meta.ownerReplies({ platform, toId, text });
        } catch (error) {
          if (error instanceof SimulationInputError)
            throw new LocalRouteError(400, 'validation_error', error.message);
          throw error;
        }
      });

      /** A LinkedIn job of the console's workspace, polled until the browser worker is done with it. */
      async function finishedJob(jobId: string): Promise<void> {
        const deadline = Date.now() + 90_000;
        for (;;) {
          const job = await api<{ status: string; reason: string | null }>(
            `/social-accounts/linkedin/jobs/${encodeURIComponent(jobId)}`,
          );
          if (job.status === 'succeeded') return;
          if (job.status === 'failed' || job.status === 'deferred' || Date.now() > deadline)
            throw new LocalRouteError(
              502,
              'linkedin_job_failed',
              `LinkedIn job ${job.status}: ${job.reason ?? ''}`,
            );
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }

      /**
       * LinkedIn automation is an Ultra feature: the console's workspace buys it the way a customer does, on the
       * simulated Stripe's hosted checkout page (which then sends the signed webhooks that move the plan).
       */
      async function buyUltra(): Promise<void> {
        if (!runningWorld()?.stripe)
          throw new LocalRouteError(
            402,
            'plan_required',
            'LinkedIn automation needs the Ultra plan, and Stripe is not simulated in this stage.',
          );
        const { url } = await api<{ url: string }>('/billing/create-checkout', 'POST', { plan: 'ultra' });
        const paid = await fetch(url, { method: 'POST', redirect: 'manual' });
        await paid.arrayBuffer();
        if (paid.status !== 303)
          throw new LocalRouteError(502, 'checkout_failed', `the simulated checkout answered ${paid.status}`);
      }

      /**
       * The console workspace's LinkedIn is connected (once, with the demo member's cookie, verified in the
       * browser); the person's DM is written on the fake site, the browser worker syncs the inbox, and the
       * collect-linkedin schedule brings it to the queue — the path a real LinkedIn DM takes.
       */
      async function linkedInDm(
        linkedin: SimulatedLinkedIn,
        from: { id?: string; username: string },
        text: string,
      ) {
        const account = await api<{ status: string } | undefined>(
          '/social-accounts/linkedin',
          'GET',
          undefined,
          [200, 404],
        );
        if (account?.status !== 'active') {
          // The console's user owns its demo workspace and connects the simulated member: it acknowledges the
          // LinkedIn terms warning as the owner would in the app (the response carries it).
          const connect = () =>
            api<{ job: { id: string } }>('/social-accounts/linkedin/connect', 'POST', {
              liAt: linkedin.demoCookie,
              acknowledgeTerms: true,
            });
          let connected: { job: { id: string } };
          try {
            connected = await connect();
          } catch (error) {
            if (!(error instanceof DemoApiError) || error.status !== 402) throw error;
            await buyUltra();
            connected = await connect();
          }
          await finishedJob(connected.job.id);
        }
        const written = linkedin.dm(from, text);
        const sync = await api<{ id: string }>('/social-accounts/linkedin/sync', 'POST');
        await finishedJob(sync.id);
        const run = await runScheduleNow('collect-linkedin');
        return { ...written, collected: { ok: run.ok, ...(run.error ? { error: run.error } : {}) } };
      }

      route('POST', '/local/workflow/idle', async (_raw, query) => {
        const timeoutMs = Math.min(Math.max(Number(query.get('timeoutMs') ?? 20_000) || 0, 0), 60_000);
        const workflow = localWorkflow();
        let timer: NodeJS.Timeout | undefined;
        const idle = await Promise.race([
          workflow.idle().then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        return { idle, stats: workflow.stats() };
      });

      /**
       * The inbox, through the real conversation routes with the console's session: the list (filters passed on
       * only when they are values the API knows), one thread, a member's reply (the page's Idempotency-Key, so a
       * double click sends once), pause and resume.
       */
      route('GET', '/local/console/conversations', async (_raw, query) => {
        const filters = new URLSearchParams({ limit: '50' });
        const status = query.get('status');
        if (status && (CONVERSATION_STATUSES as readonly string[]).includes(status))
          filters.set('status', status);
        const paused = query.get('botPaused');
        if (paused === 'true' || paused === 'false') filters.set('botPaused', paused);
        const page = await api<{ items: ConversationRow[] }>(`/conversations?${filters}`);
        return {
          items: page.items.map((conversation) => ({ ...conversation, name: contactName(conversation) })),
        };
      });

      route('GET', '/local/console/conversation', async (_raw, query) => {
        const id = conversationIdOf(query.get('id'));
        const conversation = await api<ConversationRow>(`/conversations/${id}`);
        return { ...conversation, name: contactName(conversation) };
      });

      route('POST', '/local/console/conversation/reply', async (raw) => {
        const body = jsonBody(raw) ?? {};
        const id = conversationIdOf(body.id);
        const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
        if (typeof body.text !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key))
          throw new LocalRouteError(400, 'validation_error', 'id, text and idempotencyKey are required');
        return api(`/conversations/${id}/messages`, 'POST', { text: body.text }, undefined, {
          'idempotency-key': key,
        });
      });

      for (const action of ['pause', 'resume'] as const)
        route('POST', `/local/console/conversation/${action}`, async (raw) => {
          const id = conversationIdOf(jsonBody(raw)?.id);
          return api(`/conversations/${id}/${action}`, 'POST');
        });

      route('GET', '/local/outbox', async () => ({ items: outbox() }));

      route('POST', '/local/console/session', async () => {
        const current = await consoleSession();
        return { workspaceId: current.workspaceId, user: current.email };
      });

      /** Connects the demo creator (no Facebook Page) to the console's workspace through the Instagram Login. */
      route('POST', '/local/console/connect-instagram-login', async () => {
        if (!runningWorld()?.meta) throw notSimulated('Meta');
        return { accounts: await connectWithInstagramLogin(await consoleSession()) };
      });

      /**
       * The demo creator removes the app from Instagram: the simulated Meta posts the Instagram app's deauthorize
       * callback (signed_request with the Instagram app secret) to this stage, as Meta does to the URL pasted in
       * the Business login settings.
       */
      route('POST', '/local/console/instagram-deauthorize', async () => {
        const fake = runningWorld()?.meta?.fake;
        if (!fake) throw notSimulated('Meta');
        const answer = await fake.postAppCallback(
          `${context.baseUrl}/social-accounts/instagram/deauthorize`,
          {
            app: 'instagram',
            userId: fake.instagramScopedId(DEMO_CREATOR.id),
          },
        );
        return { status: answer.status, answer: await answer.json() };
      });

      /**
       * A demo run hands its workspace over (`npm run demo` against this stage): the console logs in with the
       * demo user's credentials through the real API, checks the user is a member of the workspace (a wrong pair
       * is the API's own 401 / 403), and shows it from now on. The password stays in this process, as the console's
       * own does.
       */
      route('POST', '/local/console/adopt', async (raw) => {
        const body = jsonBody(raw) ?? {};
        const email = typeof body.email === 'string' ? body.email : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const workspaceId = typeof body.workspaceId === 'string' ? body.workspaceId : '';
        if (!email || !password || !fields.id.safeParse(workspaceId).success)
          throw new LocalRouteError(400, 'validation_error', 'email, password and workspaceId are required');
        const adopted: DemoSession = {
          baseUrl: context.baseUrl,
          email,
          password,
          accessToken: '',
          workspaceId,
        };
        await logInAgain(adopted);
        const workspace = await callApi<{ name: string }>(
          context.baseUrl,
          'GET',
          `/workspaces/${encodeURIComponent(workspaceId)}`,
          { token: adopted.accessToken, workspaceId },
        );
        await consoleSession();
        known.set(workspaceId, { session: adopted, name: workspace.name });
        session = Promise.resolve(adopted);
        return { workspaceId, name: workspace.name, user: email };
      });

      /** The workspaces the console can show, the current one marked; POST /local/console/switch picks one. */
      route('GET', '/local/console/workspaces', async () => {
        const current = await consoleSession();
        return {
          items: [...known.entries()].map(([workspaceId, { session: known, name }]) => ({
            workspaceId,
            name,
            user: known.email,
            current: workspaceId === current.workspaceId,
          })),
        };
      });

      route('POST', '/local/console/switch', async (raw) => {
        const workspaceId = jsonBody(raw)?.workspaceId;
        const chosen = typeof workspaceId === 'string' ? known.get(workspaceId) : undefined;
        if (!chosen)
          throw new LocalRouteError(
            404,
            'not_found',
            'the console knows no such workspace (GET /local/console/workspaces lists them)',
          );
        session = Promise.resolve(chosen.session);
        return { workspaceId, name: chosen.name, user: chosen.session.email };
      });

      route('GET', '/local/console/state', async () => {
        const current = await consoleSession();
        const [leads, usage, recentTraces, mails, funnel, accounts] = await Promise.all([
          api<{ items: LeadRow[] }>('/leads?limit=50'),
          api<unknown>('/billing/usage'),
          traceGroups(traces, current.workspaceId),
          // Everyone's simulated email (verification links, invitations), as GET /_local/mailbox lists it.
          mailbox.list(undefined, 20),
          // Each scenario's funnel over the last 30 days, as GET /analytics/scenarios gives it.
          api<{ items: unknown[] }>('/analytics/scenarios'),
          api<{ items: Array<{ displayName: string; platform: string; status: string }> }>(
            '/social-accounts',
          ),
        ]);
        return {
          workspaceId: current.workspaceId,
          workspaces: [...known.entries()].map(([workspaceId, { name }]) => ({ workspaceId, name })),
          providers: runningWorld()?.providers ?? [],
          usage,
          leads: leads.items.map((lead) => ({
            ...lead,
            name:
              lead.displayName ??
              lead.username ??
              runningWorld()?.meta?.nameOf(lead.externalUserId) ??
              lead.externalUserId,
          })),
          traces: recentTraces,
          outbox: outbox().slice(-50).reverse(),
          mailbox: mails,
          funnel: funnel.items,
          accounts: accounts.items.map(({ displayName, platform, status }) => ({
            displayName,
            platform,
            status,
          })),
          workflow: localWorkflow().stats(),
        };
      });

      return { banner: `Developer console: ${context.baseUrl}/` };
    },
  };
}

async function openConsoleSession(context: LocalStageContext): Promise<DemoSession> {
  const session = await createDemoWorkspace(context.baseUrl, 'Console workspace');
  const world = runningWorld();
  if (world?.meta) await connectInstagram(session);
  if (world?.tiktok) await connectOAuthProvider(session, 'tiktok');
  if (world?.youtube) await connectOAuthProvider(session, 'youtube');
  await addDemoScenarios(session, [...DEMO_SCENARIOS, PUBLIC_REPLY_SCENARIO]);
  return session;
}

const notSimulated = (provider: string) =>
  new LocalRouteError(
    503,
    'not_simulated',
    `${provider} is not simulated in this stage (real keys set or FLOWIA_SIMULATE=0).`,
  );

/** What Flow IA sent, from the fakes' records: who to, on which platform, the text (never a token). */
function outbox() {
  const world = runningWorld();
  const meta = world?.meta;
  const fromMeta = (meta?.fake.state.sent ?? []).map((sent) => {
    const person = meta!.personOf(sent.recipient);
    return {
      id: sent.id,
      // Instagram DMs go through the Page's /messages edge too: the person tells the platform, not the node.
      platform: person?.platform ?? (meta!.fake.state.pages.has(sent.on) ? 'facebook' : 'instagram'),
      kind: sent.kind,
      /** The person's platform id, or the comment answered (public ids, not credentials). */
      toId: sent.recipient,
      to: person?.username ?? sent.recipient,
      text: sent.text,
    };
  });
  const collected = [world?.tiktok, world?.youtube].flatMap((source) =>
    (source?.replies() ?? []).map((reply) => ({ ...reply, platform: source!.platform, kind: 'reply' })),
  );
  const linkedin = (world?.linkedin?.sent() ?? []).map((sent) => ({
    ...sent,
    platform: 'linkedin',
    kind: 'dm',
  }));
  return [...fromMeta, ...collected, ...linkedin];
}

/** The newest interactions' traces, each with its steps in the order they ran. */
async function traceGroups(store: DynamoTraceStore, workspaceId: string, limit = 12) {
  const recent = await store.recent(workspaceId, 200);
  const keys = [...new Set(recent.map((step) => step.dedupeKey))].slice(0, limit);
  return Promise.all(
    keys.map(async (dedupeKey) => ({
      dedupeKey,
      steps: (await store.read(workspaceId, dedupeKey)).map(viewOf),
    })),
  );
}

const viewOf = (step: StoredTraceStep) => ({
  step: step.step,
  at: step.firstAt,
  input: step.input,
  decision: step.decision,
  reason: step.reason,
  durationMs: step.durationMs,
  retries: Math.max(0, step.attemptCount - 1),
  error: step.error,
});

interface ConversationRow {
  contact: { platformUserId: string; username: string | null; displayName: string | null } | null;
}

/** Who the person is, for the page: their name, else what the simulated Meta knows them as, else their id. */
function contactName(conversation: ConversationRow): string {
  const contact = conversation.contact;
  if (!contact) return 'unknown';
  return (
    contact.displayName ??
    contact.username ??
    runningWorld()?.meta?.nameOf(contact.platformUserId) ??
    contact.platformUserId
  );
}

/** A conversation id as the API validates one (it is its lead's id), safe to put in a path. */
function conversationIdOf(value: unknown): string {
  const id = fields.id.safeParse(value);
  if (!id.success) throw new LocalRouteError(400, 'validation_error', 'a conversation id is required');
  return id.data;
}

/** The API's JSON error as it answered, or one built from its status when the body was not JSON. */
function apiErrorOf(error: DemoApiError): unknown {
  try {
    return JSON.parse(error.body);
  } catch {
    return { error: { code: 'api_error', message: error.message } };
  }
}

interface LeadRow {
  externalUserId: string;
  displayName: string | null;
  username: string | null;
}

class LocalRouteError extends Error {
  override name = 'LocalRouteError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
