import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalStage, startLocalStage } from '../../infra/local/stage';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { DynamoBillingStore } from '../../shared/adapters/dynamo/billing-store';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { toSendRecord } from '../../shared/adapters/dynamo/send-record-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { dedupeKeyOf } from '../../shared/domain/messages/dedupe-key';
import {
  metaWebhook,
  seededRandom,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { startFakeOpenAi } from '../../simulation/openai';
import { apiClient, signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';

/**
 * The load-and-fault scenario of issue 11, shared by test/load/load-faults.test.ts (a few hundred events) and
 * the `npm run bench` section (10,000): signed Meta webhooks posted over HTTP to a local stage on a data dir,
 * with redeliveries of the same payload (some at the same moment), seeded provider 5xx at the fake Graph,
 * bursts of 429 at the fake OpenAI (which writes the DM replies), and the stage stopped and started again on
 * the same data dir while messages are in flight. It returns what a test asserts and a bench reports.
 */
export interface LoadOptions {
  /** Webhook deliveries, redeliveries included. */
  events: number;
  seed: number;
  /** Share of deliveries that redeliver an earlier payload (half of them right beside the original). */
  duplicateRate: number;
  /** Share of Graph send calls answered HTTP 500 / code 2. */
  providerFaultRate: number;
  /** Share of people who cannot receive messages (Graph 551: a permanent failure, shown on the lead); spread evenly. */
  unreachableRate: number;
  /** Share of people whose every send gets a 5xx (retries run out: the message ends in the dead-letter list); spread evenly. */
  outageRate: number;
  /** A burst of `openAiBurstLength` 429s (retry-after-ms small) every `openAiBurstEvery` OpenAI requests. */
  openAiBurstEvery: number;
  openAiBurstLength: number;
  /** After this share of the deliveries, the stage is stopped and started again on the same data dir. */
  restartAfter: number | null;
  /** Webhook requests in flight at once. */
  postConcurrency: number;
  dataDir: string;
  /**
   * How long the workflow may go without any progress (no execution started or finished, nothing queued or
   * dequeued) before the run is called stuck. A bound on progress, not on the whole drain: on a busy machine the
   * drain takes as long as it takes, and only a workflow that stopped moving fails.
   */
  stallTimeoutMs: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  deliveries: number;
  distinctMessages: number;
  redeliveries: number;
  restarts: number;
  /** Deliveries not acknowledged 200 on their first try (the stage was down): Meta retries those. */
  deliveryRetries: number;
  durationMs: number;
  messagesPerSecond: number;
  dmsSent: number;
  injectedProviderFaults: number;
  openAiRateLimited: number;
  openAiRequests: number;
  /** Messages without exactly one interaction or without a lead. */
  lost: string[];
  /** Recipients (or comments) that got more than one message at the fake Graph. */
  duplicateDms: string[];
  /** Messages neither answered at the provider nor carrying a visible failure (DLQ cause, lead, send record). */
  invisibleFailures: string[];
  /** Messages whose outcome is not the one their person was set up for (answered, failure on lead, DLQ). */
  unexpectedOutcomes: string[];
  /** People set up to be unreachable (551) and in a lasting outage (5xx on every send). */
  planted: { unreachable: number; outage: number };
  /** Provider faults the fake injected that no send record shows as an attempt. */
  unrecordedProviderFaults: number;
  visibleFailures: { deadLetters: number; onLead: number; onSendRecord: number };
  quota: { plan: string; dmSentToday: number; unitsOnSendRecords: number; quotaBlocked: number };
}

const IG = '17841400000000042';
const PAGE = '4242';
const MEDIA = 'media-load-1';
const WEBHOOK = '/social-accounts/meta/webhook';
const TEXTS = [
  'Bonjour, quel est le prix ?',
  'Hello, how much is it? My number is 06 12 34 56 78',
  'Vous livrez à Lyon ? Mon numéro : 07 11 22 33 44',
  'Je voudrais réserver pour samedi',
  'Is it still available?',
];

type Outcome = 'answered' | 'failure_on_lead' | 'dead_letter' | 'failure_on_send_record' | 'invisible';

interface Message {
  index: number;
  kind: 'dm' | 'comment';
  sender: string;
  /** The Instagram message or comment id. */
  platformId: string;
  dedupeKey: string;
  /** What should become of it: answered, a permanent failure on the lead, or retries run out (DLQ). */
  expected: Outcome;
  body: Buffer;
  headers: Record<string, string>;
}

export async function runLoadScenario(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const graph = await startFakeMetaGraph();
  graph.addPage({ id: PAGE, name: 'Load Shop', instagram: { id: IG, username: 'load.shop' } });
  graph.addMedia(IG, { id: MEDIA });
  let openAiServed = 0;
  let openAiRateLimited = 0;
  const openAi = await startFakeOpenAi({
    responder: () => {
      openAiServed += 1;
      if (openAiServed % options.openAiBurstEvery >= options.openAiBurstLength) return undefined;
      openAiRateLimited += 1;
      return { kind: 'rate_limit', retryAfterMs: 5 };
    },
  });
  const env = {
    ...graph.env('load-verify'),
    OPENAI_API_KEY: openAi.apiKey,
    OPENAI_BASE_URL: openAi.url,
    // The local AI limiter would otherwise answer most of the load with the rule engine before OpenAI is asked.
    AI_RATE_LIMIT_WORKSPACE_PER_MINUTE: '1000000',
    AI_RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
    FLOWIA_SIMULATE: '0',
    RATE_LIMIT_ENABLED: '0',
  };
  // Short waits instead of the ASL's and SQS's seconds, so retries and redeliveries happen within the run.
  const start = () =>
    startLocalStage({
      port: 0,
      dataDir: options.dataDir,
      env,
      plugins: [workflowPlugin({ concurrency: 4, retryIntervalMs: 20, redeliveryDelayMs: (n) => 50 * n })],
    });

  let stage: LocalStage = await start();
  try {
    const api = apiClient(stage.url);
    const owner = await signupWithWorkspace(api, 'load');
    await connectMeta({ ...stage, api }, owner);
    const auth = { token: owner.accessToken, workspaceId: owner.workspaceId };
    await new DynamoBillingStore(stageTable).applySubscription(owner.workspaceId, {
      plan: 'ultra',
      subscriptionId: 'sub_load',
      customerId: 'cus_load',
      status: 'active',
      priceId: undefined,
      currentPeriodEnd: undefined,
      observedAt: Date.now(),
      grantsPlan: true,
    });
    for (const scenario of [
      // message null: the AI engine writes the DM answers (OpenAI, rule engine when it fails).
      { name: 'DMs', platform: 'instagram', trigger: 'dm', action: 'reply', message: null, priority: 1 },
      {
        name: 'Comments',
        platform: 'instagram',
        trigger: 'comment',
        action: 'private_reply',
        message: 'Merci {{firstName}} ! Je vous écris en privé.',
        priority: 2,
      },
    ]) {
      const created = await api.post('/scenarios', scenario, auth);
      if (created.status !== 201) throw new Error(`scenario: ${created.status} ${created.text}`);
    }
    const outage = new Set<string>();
    graph.randomFaults({
      rate: ({ method, body }) => {
        if (method !== 'POST') return 0;
        const recipient = (body.recipient ?? {}) as { id?: string; comment_id?: string };
        return outage.has(recipient.id ?? recipient.comment_id ?? '') ? 1 : options.providerFaultRate;
      },
      seed: options.seed,
      status: 500,
      code: 2,
      message: 'An unexpected error has occurred. Please retry your request later.',
    });
    const planted = { unreachable: 0, outage: 0 };

    // Messages and the order they are delivered in: a redelivery right beside its original (concurrent) or later.
    const redeliveries = Math.round(options.events * options.duplicateRate);
    const distinct = options.events - redeliveries;
    const messages: Message[] = [];
    for (let index = 0; index < distinct; index++) {
      const kind = random() < 0.7 ? 'dm' : 'comment';
      const sender = `igsid-load-${index}`;
      const text = `${TEXTS[Math.floor(random() * TEXTS.length)]} (réf ${index})`;
      const id = `${kind === 'dm' ? 'mid' : 'c'}-load-${options.seed}-${index}`;
      // Spread evenly (not drawn), from the first messages on, so even a small run has some of each.
      const every = (rate: number, offset: number) => rate > 0 && index % Math.round(1 / rate) === offset;
      let expected: Outcome = 'answered';
      if (every(options.unreachableRate, 3)) {
        graph.state.unavailableUsers.add(sender);
        expected = 'failure_on_lead';
        planted.unreachable += 1;
      } else if (every(options.outageRate, 5)) {
        outage.add(kind === 'dm' ? sender : id);
        expected = 'dead_letter';
        planted.outage += 1;
      }
      let payload: unknown;
      if (kind === 'dm') {
        graph.addInboundMessage({ accountId: IG, from: { id: sender, username: `u${index}` }, text, id });
        payload = metaWebhook.instagramMessage(IG, { sender, mid: id, text });
      } else {
        graph.addComment({ id, mediaId: MEDIA, text, from: { id: sender, username: `u${index}` } });
        payload = metaWebhook.instagramComment(IG, {
          id,
          from: sender,
          username: `u${index}`,
          text,
          mediaId: MEDIA,
        });
      }
      const signed = signedMetaWebhook(payload, graph.appSecret);
      messages.push({
        index,
        kind,
        sender,
        platformId: id,
        dedupeKey: dedupeKeyOf('instagram', kind, id),
        expected,
        body: signed.body,
        headers: signed.headers,
      });
    }
    const order = messages.map((m) => ({ key: m.index, message: m }));
    for (let i = 0; i < redeliveries; i++) {
      const original = Math.floor(random() * distinct);
      const beside = random() < 0.5;
      order.push({
        key: beside ? original + 0.5 : original + 1 + random() * (distinct - original),
        message: messages[original]!,
      });
    }
    order.sort((a, b) => a.key - b.key);

    // Delivery as Meta does it: anything but a 200 (or no answer: the stage is down) is retried shortly after.
    const restartAt =
      options.restartAfter === null
        ? Number.POSITIVE_INFINITY
        : Math.floor(order.length * options.restartAfter);
    let restarting: Promise<void> | undefined;
    let restarts = 0;
    let deliveryRetries = 0;
    let next = 0;
    const deliver = async (message: Message) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        await restarting;
        try {
          const response = await fetch(`${stage.url}${WEBHOOK}`, {
            method: 'POST',
            headers: message.headers,
            body: message.body,
          });
          await response.arrayBuffer();
          if (response.status === 200) return;
          if (response.status < 500) throw new Error(`webhook answered ${response.status}`);
        } catch (error) {
          if ((error as Error).message.startsWith('webhook answered')) throw error;
        }
        deliveryRetries += 1;
        if (Date.now() > deadline) throw new Error(`delivery of ${message.dedupeKey} never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: options.postConcurrency }, async () => {
        while (next < order.length) {
          const position = next++;
          if (position === restartAt) {
            log(
              `restarting the stage after ${position} deliveries (${localWorkflow().stats().queued} queued)`,
            );
            restarts += 1;
            restarting = (async () => {
              await stage.stop();
              stage = await start();
            })();
          }
          await deliver(order[position]!.message);
          if (position % 1000 === 999) log(`${position + 1} deliveries`);
        }
      }),
    );
    await restarting;
    await drained(options.stallTimeoutMs);
    const durationMs = Date.now() - startedAt;
    log(`drained in ${durationMs} ms`);

    return {
      deliveries: order.length,
      distinctMessages: distinct,
      redeliveries,
      restarts,
      deliveryRetries,
      durationMs,
      messagesPerSecond: Math.round((distinct / (durationMs / 1000)) * 10) / 10,
      dmsSent: graph.state.sent.length,
      injectedProviderFaults: graph.state.injectedFaults,
      openAiRateLimited,
      openAiRequests: openAi.state.requests.length,
      planted,
      ...(await assess(
        owner.workspaceId,
        messages,
        graph.state,
        graph.state.injectedFaults,
        apiClient(stage.url),
        auth,
      )),
    };
  } finally {
    await stage.stop();
    await graph.stop();
    await openAi.stop();
  }
}

type Assessment = Pick<
  LoadReport,
  | 'lost'
  | 'duplicateDms'
  | 'invisibleFailures'
  | 'unexpectedOutcomes'
  | 'unrecordedProviderFaults'
  | 'visibleFailures'
  | 'quota'
>;

async function assess(
  workspaceId: string,
  messages: Message[],
  graphState: Awaited<ReturnType<typeof startFakeMetaGraph>>['state'],
  injectedFaults: number,
  api: ReturnType<typeof apiClient>,
  auth: { token: string; workspaceId: string },
): Promise<Assessment> {
  const prefixed = (prefix: string) =>
    queryAll(stageTable, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': prefix },
      ConsistentRead: true,
    });
  const interactions = new Map<string, number>();
  for (const item of await prefixed('INTERACTION#'))
    interactions.set(item.id as string, (interactions.get(item.id as string) ?? 0) + 1);
  const sends = new Map(
    (await prefixed('SEND#'))
      .map(toSendRecord)
      .map((r) => [r.dedupeKey, r as unknown as Record<string, unknown>]),
  );
  const deadLetters = new Map<string, string>();
  for (const letter of await localWorkflow().deadLetters(100_000))
    deadLetters.set(
      (JSON.parse(letter.body) as { dedupeKey: string }).dedupeKey,
      `${letter.error}: ${letter.cause}`,
    );

  const perRecipient = new Map<string, number>();
  for (const sent of graphState.sent)
    perRecipient.set(sent.recipient, (perRecipient.get(sent.recipient) ?? 0) + 1);
  const answered = new Set(
    graphState.sent.map((s) => (s.kind === 'private_reply' ? s.recipient : `sender:${s.recipient}`)),
  );

  const lost: string[] = [];
  const invisibleFailures: string[] = [];
  const unexpectedOutcomes: string[] = [];
  const visibleFailures = { deadLetters: 0, onLead: 0, onSendRecord: 0 };
  for (const message of messages) {
    const { Item: lead } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.lead(workspaceId, leadIdOf(workspaceId, 'instagram', message.sender)),
        ConsistentRead: true,
      }),
    );
    if (interactions.get(message.dedupeKey) !== 1 || !lead) lost.push(message.dedupeKey);
    const record = sends.get(message.dedupeKey);
    let outcome: Outcome;
    if (answered.has(message.kind === 'comment' ? message.platformId : `sender:${message.sender}`))
      outcome = 'answered';
    else if (deadLetters.has(message.dedupeKey)) outcome = 'dead_letter';
    else if (lead?.lastDeliveryError) outcome = 'failure_on_lead';
    else if (record && ['failed', 'uncertain'].includes(record.status as string) && record.explanation)
      outcome = 'failure_on_send_record';
    else outcome = 'invisible';
    if (outcome === 'dead_letter') visibleFailures.deadLetters += 1;
    if (outcome === 'failure_on_lead') visibleFailures.onLead += 1;
    if (outcome === 'failure_on_send_record') visibleFailures.onSendRecord += 1;
    if (outcome === 'invisible')
      invisibleFailures.push(`${message.dedupeKey} (send record: ${record?.status ?? 'none'})`);
    if (outcome !== message.expected)
      unexpectedOutcomes.push(`${message.dedupeKey}: ${outcome}, expected ${message.expected}`);
  }

  const recordedFaults = [...sends.values()]
    .flatMap((r) => r.attempts as Array<{ outcome: string; failure?: { providerCode?: string } }>)
    .filter((a) => a.outcome === 'retry' && a.failure?.providerCode === '2').length;
  const usage = await api.get('/billing/usage', auth);
  return {
    lost,
    duplicateDms: [...perRecipient].filter(([, count]) => count > 1).map(([recipient]) => recipient),
    invisibleFailures,
    unexpectedOutcomes,
    unrecordedProviderFaults: injectedFaults - recordedFaults,
    visibleFailures,
    quota: {
      plan: usage.body.plan,
      dmSentToday: usage.body.dmSentToday,
      unitsOnSendRecords: [...sends.values()].filter((r) => r.quotaDay).length,
      quotaBlocked: [...sends.values()].filter((r) => r.status === 'quota_blocked').length,
    },
  };
}

/**
 * Waits for the workflow to be idle, failing only when it stops moving for `stallMs`: its counters (queued,
 * running, executions, failed executions) are compared every few seconds, and any change is progress. A message
 * waiting out a redelivery delay (at most 30 s) is not a stall as long as stallMs is longer than that.
 */
async function drained(stallMs: number): Promise<void> {
  const workflow = localWorkflow();
  const idle = workflow.idle();
  let seen = JSON.stringify(workflow.stats());
  let movedAt = Date.now();
  for (;;) {
    const done = await Promise.race([
      idle.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000)),
    ]);
    if (done) return;
    const now = JSON.stringify(workflow.stats());
    if (now !== seen) {
      seen = now;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs)
      throw new Error(`the workflow made no progress for ${stallMs} ms: ${now}`);
  }
}
