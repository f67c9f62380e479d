import type { LocalPlugin } from '../../infra/local/plugin';
import { type LocalStage, startLocalStage } from '../../infra/local/stage';
import { apiClient } from './api';

/** Starts the local stage on a free port with an in-memory table; each test file owns its stage. */
export async function startTestStage(
  options: { env?: Record<string, string | undefined>; plugins?: LocalPlugin[] } = {},
) {
  const stage: LocalStage = await startLocalStage({
    port: 0,
    dataDir: null,
    env: { FLOWIA_SIMULATE: '0', ...options.env },
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  return { ...stage, api: apiClient(stage.url) };
}

export type TestStage = Awaited<ReturnType<typeof startTestStage>>;
