import { startFakeMetaGraph } from '../../test/fakes/meta-graph';
import type { LocalPlugin } from './plugin';

/**
 * Simulated Meta for the offline local stage: when FLOWIA_SIMULATE=1 and no Meta app is configured, the fake
 * Graph API + Login dialog runs in-process with one demo Page and its Instagram account, and META_* point at it.
 * A configured app (META_APP_ID set) is never simulated.
 */
export const metaSimulation: LocalPlugin = {
  name: 'meta-simulation',
  async start(context) {
    if (context.env('FLOWIA_SIMULATE') === '0') return undefined;
    if (context.env('META_APP_ID')) return { banner: 'Meta: real app (META_APP_ID set)' };
    const fake = await startFakeMetaGraph();
    fake.addPage({
      id: '100000000000001',
      name: 'Demo Shop',
      instagram: { id: '17841400000000001', username: 'demo_shop' },
    });
    for (const [name, value] of Object.entries(
      fake.env(context.env('META_VERIFY_TOKEN') ?? 'local-verify-token'),
    ))
      context.setEnv(name, value);
    return { banner: `Meta: simulated (fake Graph API at ${fake.url})`, stop: fake.stop };
  },
};
