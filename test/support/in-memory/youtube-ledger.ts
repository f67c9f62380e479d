import type { YouTubeCensus, YouTubeUnitLedger } from '../../../shared/services/youtube/ports';

/** In-memory YouTubeUnitLedger with DynamoYouTubeUnitLedger's conditions: a counter never passes its limit. */
export class InMemoryYouTubeUnitLedger implements YouTubeUnitLedger {
  readonly projectUnits = new Map<string, { units: number; pausedAt: string | null }>();
  readonly workspaceUnits = new Map<string, number>();
  private stored: YouTubeCensus | null = null;

  async consumeProject(day: string, units: number, limit: number) {
    const current = this.projectUnits.get(day) ?? { units: 0, pausedAt: null };
    if (current.units + units > limit) return false;
    this.projectUnits.set(day, { ...current, units: current.units + units });
    return true;
  }

  async releaseProject(day: string, units: number) {
    const current = this.projectUnits.get(day);
    if (current) current.units = Math.max(0, current.units - units);
  }

  async consumeWorkspace(workspaceId: string, day: string, units: number, limit: number) {
    const key = `${workspaceId}#${day}`;
    const used = this.workspaceUnits.get(key) ?? 0;
    if (used + units > limit) return false;
    this.workspaceUnits.set(key, used + units);
    return true;
  }

  async releaseWorkspace(workspaceId: string, day: string, units: number) {
    const key = `${workspaceId}#${day}`;
    this.workspaceUnits.set(key, Math.max(0, (this.workspaceUnits.get(key) ?? 0) - units));
  }

  async pauseProject(day: string, limit: number, at: string) {
    this.projectUnits.set(day, { units: limit, pausedAt: at });
  }

  async project(day: string) {
    return { ...(this.projectUnits.get(day) ?? { units: 0, pausedAt: null }) };
  }

  async workspaceUsed(workspaceId: string, day: string) {
    return this.workspaceUnits.get(`${workspaceId}#${day}`) ?? 0;
  }

  async census() {
    return this.stored ? structuredClone(this.stored) : null;
  }

  async saveCensus(census: YouTubeCensus) {
    this.stored = structuredClone(census);
  }
}
