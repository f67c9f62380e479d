import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStage } from '../../infra/local/stage';
import { stageTable } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { leadIdOf } from '../../shared/domain/leads/lead';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { apiClient, signupWithWorkspace } from '../support/api';
import { waitFor } from '../support/engine';
import { setWorkspacePlan } from '../support/leads';
import { verifyEmail } from '../support/members';
import { connectMeta } from '../support/meta';

/**
 * `npm start` as an operator runs it, killed without warning: signed DM webhooks (some of the replies hit a
 * Graph 5xx) are posted to a child-process stage, which is SIGKILLed once a number of them were acknowledged,
 * then restarted on the same data folder while Meta keeps redelivering what was not acknowledged. Every
 * acknowledged message must end as an interaction and a lead, and no person may get the reply twice (counted at
 * the fake Graph API, which lives in this process and survives the kill).
 */
const IG = '17841400000000077';
const PAGE = '7070';
const MESSAGES = 40;
const KILL_AFTER_ACKS = 20;
const WEBHOOK = '/social-accounts/meta/webhook';
const REPO_ROOT = join(import.meta.dirname, '..', '..');

const dataDir = mkdtempSync(join(tmpdir(), 'flowia-crash-'));
const children: ChildProcess[] = [];
let fake: FakeMetaGraph | undefined;
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Names the in-process stage sets in process.env: the child sets its own from the same data folder. */
const STAGE_SET = [
  'STAGE',
  'TABLE_NAME',
  'DYNAMODB_ENDPOINT',
  'FLOWIA_LOCAL_TRANSPORT',
  'PORT',
  'APP_BASE_URL',
];
const STAGE_SECRETS = ['JWT_SECRET', 'LOCAL_MASTER_KEY'];

interface StageProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** `npm start` in a child process (same Node, tsx as the loader, no wrapper process between us and it). */
async function startChild(env: Record<string, string>): Promise<StageProcess> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !STAGE_SET.includes(name) && !STAGE_SECRETS.includes(name),
    ),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...base, ...env, PORT: '0', FLOWIA_DATA_DIR: dataDir, LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stage did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Flow IA local stage listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the stage exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { url, child, exited };
}

describe('Local stage: queues through a SIGKILL', () => {
  it('keeps every acknowledged webhook and sends no reply twice when killed mid-run and restarted', async () => {
    // Prepare: a workspace on the unlimited plan with Instagram connected and a reply to every DM, written
    // through an in-process stage on the data folder the child stages will use.
    fake = await startFakeMetaGraph();
    fake.addPage({ id: PAGE, name: 'Crash Test Page', instagram: { id: IG, username: 'crash.test' } });
    const metaEnv = fake.env('crash-verify');
    const common = { ...metaEnv, FLOWIA_SIMULATE: '0', RATE_LIMIT_ENABLED: '0' };
    const setup = await startLocalStage({ port: 0, dataDir, env: common, plugins: [] });
    const api = apiClient(setup.url);
    const owner = await signupWithWorkspace(api, 'crash');
    // The owner reads /admin/status below: ADMIN_EMAILS counts only a verified address.
    await verifyEmail(api, owner);
    await connectMeta({ ...setup, api }, owner);
    const scenario = await api.post(
      '/scenarios',
      {
        name: 'Reply to every DM',
        platform: 'instagram',
        trigger: 'dm',
        keywords: [],
        action: 'reply',
        message: 'Merci {{firstName}}, on vous répond vite !',
        priority: 1,
      },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(scenario.status).toBe(201);
    await setWorkspacePlan(owner.workspaceId, 'ultra');
    await setup.stop();

    // One in five replies hits a Graph 5xx (a seeded pattern); the workflow retries them.
    fake.randomFaults({
      rate: (call) => (call.method === 'POST' && call.path.endsWith('/messages') ? 0.2 : 0),
      seed: 2020,
      status: 500,
      code: 2,
      message: 'An unexpected error has occurred. Please retry your request later.',
    });
    const people = Array.from({ length: MESSAGES }, (_, i) => ({
      sender: `igsid-crash-${i}`,
      mid: `mid-crash-${i}`,
      text: `Bonjour, c'est combien ? (${i})`,
    }));
    const signed = people.map((person) => {
      fake!.addInboundMessage({
        accountId: IG,
        from: { id: person.sender, username: `crash${person.sender.slice(-2)}` },
        text: person.text,
        id: person.mid,
      });
      return signedMetaWebhook(metaWebhook.instagramMessage(IG, person), fake!.appSecret);
    });
    const childEnv = { ...common, ADMIN_EMAILS: owner.email };

    // Act: post with four connections; SIGKILL the stage as soon as KILL_AFTER_ACKS were acknowledged.
    let stage = await startChild(childEnv);
    const acknowledgedBeforeKill = new Set<number>();
    const acknowledged = new Set<number>();
    let killed = false;
    let sentAtKill = 0;
    let next = 0;
    let current: Promise<StageProcess> = Promise.resolve(stage);
    const kill = async () => {
      killed = true;
      sentAtKill = fake!.state.sent.length;
      for (const index of acknowledged) acknowledgedBeforeKill.add(index);
      stage.child.kill('SIGKILL');
      await stage.exited;
      current = startChild(childEnv);
      stage = await current;
    };
    const deliver = async (index: number) => {
      // Meta redelivers anything that was not answered 200 (refused connection, reset, 5xx).
      const deadline = Date.now() + 180_000;
      for (;;) {
        const target = await current;
        try {
          const response = await fetch(`${target.url}${WEBHOOK}`, {
            method: 'POST',
            headers: signed[index]!.headers,
            body: signed[index]!.body,
          });
          await response.arrayBuffer();
          if (response.status === 200) {
            acknowledged.add(index);
            return;
          }
          expect(response.status, 'a 4xx is never retried by Meta').toBeGreaterThanOrEqual(500);
        } catch (error) {
          if ((error as { name?: string }).name === 'AssertionError') throw error;
        }
        if (Date.now() > deadline) throw new Error(`webhook ${index} was never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    let killing: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < MESSAGES) {
          const index = next++;
          await deliver(index);
          if (!killed && acknowledged.size >= KILL_AFTER_ACKS) killing ??= kill();
          await killing;
        }
      }),
    );
    await killing;

    // The restarted stage finishes the work: its queue (stored in the table) empties.
    const status = apiClient(stage.url);
    const drained = await waitFor(async () => {
      const response = await status.get('/admin/status', { token: owner.accessToken });
      if (response.status !== 200) return false;
      const incoming = response.body.queues.find((q: { queue: string }) => q.queue === 'incomingMessages');
      return incoming.visible === 0 ? incoming : false;
    }, 200_000);
    stage.child.kill('SIGTERM');
    await stage.exited;
    const sent = [...fake.state.sent];

    // Assess: read the table the two child stages wrote.
    const check = await startLocalStage({ port: 0, dataDir, env: common, plugins: [] });
    const partition = async (prefix: string) =>
      queryAll(stageTable, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ws(owner.workspaceId), ':prefix': prefix },
        ConsistentRead: true,
      });
    const interactions = await partition('INTERACTION#');
    const leads = await partition('LEAD#');
    const sends = await partition('SEND#');
    await check.stop();

    // The kill really left acknowledged work unfinished, and every message was eventually acknowledged.
    expect(acknowledgedBeforeKill.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(sentAtKill, 'replies sent when the stage was killed').toBeLessThan(acknowledgedBeforeKill.size);
    expect(acknowledged.size).toBe(MESSAGES);
    expect(drained.deadLetter, 'no message ran out of receives').toBe(0);

    const loggedMids = new Set(interactions.map((i) => i.platformMessageId as string));
    const leadIds = new Set(leads.map((l) => l.id as string));
    for (let index = 0; index < MESSAGES; index++) {
      const { sender, mid } = people[index]!;
      expect(loggedMids.has(mid), `interaction of ${mid}`).toBe(true);
      expect(leadIds.has(leadIdOf(owner.workspaceId, 'instagram', sender)), `lead of ${sender}`).toBe(true);
    }
    expect(interactions).toHaveLength(MESSAGES);

    // Nobody got the reply twice. A reply whose Graph call the kill interrupted is never resent: its record
    // says `uncertain`; at most one per execution running at the kill (the workflow's concurrency, 3).
    const perRecipient = new Map<string, number>();
    for (const message of sent)
      perRecipient.set(message.recipient, (perRecipient.get(message.recipient) ?? 0) + 1);
    for (const [recipient, count] of perRecipient) expect(count, `replies to ${recipient}`).toBe(1);
    const statusOf = new Map(sends.map((s) => [s.leadId as string, s.status as string]));
    const unanswered = people.filter((p) => !perRecipient.has(p.sender));
    for (const person of unanswered)
      expect(statusOf.get(leadIdOf(owner.workspaceId, 'instagram', person.sender)), person.sender).toBe(
        'uncertain',
      );
    expect(unanswered.length).toBeLessThanOrEqual(3);
    expect(fake.state.injectedFaults, 'some replies hit a Graph 5xx').toBeGreaterThan(0);
  }, 420_000);
});
