import { afterEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../shared/config';
import { built, scopeContainers } from '../../../shared/wiring/container';

/** A composition function as shared/wiring writes them: it hands itself and its builder to `built`. */
let builds = 0;
function graph(): { id: number; table: string } {
  return built(graph, (config) => ({ id: ++builds, table: config.TABLE_NAME }));
}

let attempts = 0;
function flaky(): string {
  return built(flaky, () => {
    attempts += 1;
    if (attempts === 1) throw new Error('provider_not_configured');
    return 'ready';
  });
}

const saved = process.env.TABLE_NAME;

afterEach(() => {
  scopeContainers(undefined);
  process.env.TABLE_NAME = saved;
  resetConfig();
});

describe('Function: built', () => {
  describe('Method: a composition function built through it', () => {
    it('builds its graph once per container, from the parsed config', () => {
      // Prepare
      process.env.TABLE_NAME = 'table-a';
      resetConfig();

      // Act
      const first = graph();
      const second = graph();

      // Assess
      expect(second).toBe(first);
      expect(first.table).toBe('table-a');
    });

    it('builds a new graph after the process re-reads its environment (resetConfig)', () => {
      // Prepare
      process.env.TABLE_NAME = 'table-a';
      resetConfig();
      const before = graph();

      // Act
      process.env.TABLE_NAME = 'table-b';
      resetConfig();
      const after = graph();

      // Assess
      expect(after).not.toBe(before);
      expect(after.table).toBe('table-b');
    });

    it('gives each scoped container (a local-stage handler) its own graph', () => {
      // Prepare
      let current = 'functions/http/a.ts';
      scopeContainers(() => current);

      // Act
      const ofA = graph();
      current = 'functions/http/b.ts';
      const ofB = graph();
      current = 'functions/http/a.ts';
      const ofAAgain = graph();

      // Assess
      expect(ofB).not.toBe(ofA);
      expect(ofAAgain).toBe(ofA);
    });

    it('keeps nothing when the builder throws: the next call tries again', () => {
      // Act
      const first = () => flaky();

      // Assess
      expect(first).toThrow('provider_not_configured');
      expect(flaky()).toBe('ready');
      expect(flaky()).toBe('ready');
      expect(attempts).toBe(2);
    });
  });
});
