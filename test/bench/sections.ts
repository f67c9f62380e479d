/** Runtime benchmark sections run after the bundle measurements (webhook latency, pipeline throughput…). */
export interface BenchSection {
  name: string;
  /** Extra Lambda entries to bundle (e.g. workflow steps not in the route manifest). */
  entries?: string[];
  run(): Promise<unknown>;
}

export const extraSections: BenchSection[] = [];
