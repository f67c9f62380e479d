import type { LocalStageContext } from '../plugin';

/** What each provider is in this stage: the real service, the project's fake, or absent (503). */
export type ProviderMode = 'real' | 'simulated' | 'not configured' | 'embedded';

export interface ProviderStatus {
  provider: string;
  mode: ProviderMode;
  detail: string;
}

/** One provider of the world: when it counts as real, and how its fake starts and is wired in. */
export interface ProviderSimulation<T> {
  provider: string;
  /** Env names that mean "use the real service" when any of them is set. */
  realWhen: string[];
  /** What it is when FLOWIA_SIMULATE=0 and nothing is set (default: not configured, 503 provider_not_configured). */
  whenAbsent?: { mode: ProviderMode; detail: string };
  start(context: LocalStageContext): Promise<{ running: T; detail: string; stop(): Promise<void> }>;
}
