import type { LocalPlugin } from '../../infra/local/plugin';
import { type LocalStage, type LocalStageOptions, startLocalStage } from '../../infra/local/stage';
import { apiClient } from './api';

/** Starts the local stage on a free port with an in-memory table; each test file owns its stage. */
export async function startTestStage(
  options: {
    env?: Record<string, string | undefined>;
    plugins?: LocalPlugin[];
    providers?: LocalStageOptions['providers'];
  } = {},
) {
  const stage: LocalStage = await startLocalStage({
    port: 0,
    dataDir: null,
    // The API rate limiter is off unless a test turns it on: every test client shares 127.0.0.1 and signs up
    // users freely, which the production budgets (rightly) would throttle.
    env: { FLOWIA_SIMULATE: '0', RATE_LIMIT_ENABLED: '0', ...options.env },
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
  });
  return { ...stage, api: apiClient(stage.url) };
}

export type TestStage = Awaited<ReturnType<typeof startTestStage>>;
