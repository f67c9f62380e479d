import type { LocalPlugin } from '../../infra/local/plugin';
import { metaWebhook, signedMetaWebhook, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { setWorkspacePlan } from '../support/leads';
import { connectMeta } from '../support/meta';
import { startTestStage } from '../support/stage';

const IG = '17841400000000077';
const igOf = (workspace: number) => (workspace === 0 ? IG : String(17841400000100000 + workspace));

/**
 * A local stage (in-memory table) with the fake Graph and `workspaces` Ultra workspaces, each with its own
 * connected Instagram account and a template DM scenario: what the latency, throughput and scaling sections post
 * signed webhooks to. `dm(i, w)` writes to workspace w's account.
 */
export async function startMetaBenchStage(
  plugins: LocalPlugin[] | ((appSecret: string) => LocalPlugin[]),
  workspaces = 1,
) {
  const graph = await startFakeMetaGraph();
  const stage = await startTestStage({
    env: graph.env('bench-verify'),
    plugins: typeof plugins === 'function' ? plugins(graph.appSecret) : plugins,
  });
  const owners: Array<{ accessToken: string; workspaceId: string }> = [];
  // The fake's consenting user manages every Page it holds: each workspace connects while only its own Page is
  // there, then every Page is put back so each account can receive and send.
  const pages = new Map<string, unknown>();
  for (let w = 0; w < workspaces; w++) {
    graph.state.pages.clear();
    graph.addPage({
      id: String(7777 + w),
      name: `Bench Shop ${w}`,
      instagram: { id: igOf(w), username: `bench.shop${w}` },
    });
    const owner = await signupWithWorkspace(stage.api, `bench${w}`);
    await connectMeta(stage, owner);
    await setWorkspacePlan(owner.workspaceId, 'ultra');
    const scenario = await stage.api.post(
      '/scenarios',
      {
        name: 'Every DM',
        platform: 'instagram',
        trigger: 'dm',
        action: 'reply',
        message: 'Bonjour {{firstName}} ! Nos tarifs sont sur bench.shop/tarifs.',
        priority: 1,
      },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    if (scenario.status !== 201) throw new Error(`scenario: ${scenario.status} ${scenario.text}`);
    for (const [id, page] of graph.state.pages) pages.set(id, page);
    owners.push(owner);
  }
  for (const [id, page] of pages) graph.state.pages.set(id, page as never);
  const owner = owners[0]!;

  /** A person writes (the fake opens the 24-hour window) and Meta's signed webhook for it, ready to post. */
  const dm = (index: number, workspace = 0) => {
    const sender = `igsid-bench-${index}`;
    const text = `Bonjour, quel est le prix ? (${index})`;
    const mid = `mid-bench-${index}`;
    const account = igOf(workspace);
    graph.addInboundMessage({
      accountId: account,
      from: { id: sender, username: `b${index}` },
      text,
      id: mid,
    });
    return signedMetaWebhook(metaWebhook.instagramMessage(account, { sender, mid, text }), graph.appSecret);
  };

  /** Posts one webhook (to our handler, or another route such as the bare floor) and returns how long the 200 took, in ms. */
  const post = async (signed: ReturnType<typeof dm>, path = '/social-accounts/meta/webhook') => {
    const started = performance.now();
    const response = await fetch(`${stage.url}${path}`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    return performance.now() - started;
  };

  return {
    graph,
    stage,
    workspaceId: owner.workspaceId,
    owners,
    dm,
    post,
    async stop() {
      await stage.stop();
      await graph.stop();
    },
  };
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at once. */
export async function pool<T>(count: number, concurrency: number, work: (index: number) => Promise<T>) {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}
