/** `not_configured`: an optional dependency without settings (a provider with no keys); it degrades nothing. */
export type CheckResult = 'ok' | 'degraded' | 'failing' | 'not_configured';

/** A dependency probe; `run` resolves to a state and, when not ok, a plain-words reason. */
export interface HealthCheck {
  name: string;
  /** Critical checks make the whole report fail (503); others only degrade it. */
  critical: boolean;
  run(): Promise<{ state: CheckResult; reason?: string }>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'failing';
  checks: Record<string, CheckResult>;
  reasons?: Record<string, string>;
}

export class HealthService {
  constructor(
    private readonly checks: HealthCheck[],
    private readonly timeoutMs = 2000,
  ) {}

  async check(): Promise<HealthReport> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          const result = await withTimeout(check.run(), this.timeoutMs);
          return { check, ...result };
        } catch (error) {
          return {
            check,
            state: 'failing' as const,
            reason: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    const checks: Record<string, CheckResult> = {};
    const reasons: Record<string, string> = {};
    let status: HealthReport['status'] = 'ok';
    for (const { check, state, reason } of results) {
      checks[check.name] = state;
      if (reason) reasons[check.name] = reason;
      if (state !== 'ok' && state !== 'not_configured')
        status =
          check.critical && state === 'failing' ? 'failing' : status === 'failing' ? status : 'degraded';
    }
    return Object.keys(reasons).length > 0 ? { status, checks, reasons } : { status, checks };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
