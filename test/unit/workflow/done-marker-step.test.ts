import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { parseIncomingMessage } from '../../../shared/services/engine/incoming-message-parser';
import type { DoneMarker, TraceEntry, TraceStore } from '../../../shared/services/engine/ports';
import { workflowStep } from '../../../shared/workflow/step';
import { incoming } from '../../support/engine';

const message: IncomingMessage = parseIncomingMessage(incoming({ id: 'acc-1', workspaceId: 'ws-1' }));
const marker: DoneMarker = { at: '2030-01-10T10:00:00.000Z', expiresAt: 1_900_000_000 };

/** A trace store that remembers each write, or fails every one. */
function traces(fails = false) {
  const writes: Array<{ entries: TraceEntry[]; done: DoneMarker | undefined }> = [];
  const store: TraceStore = {
    record: async (entries, done) => {
      if (fails) throw new Error('ProvisionedThroughputExceededException');
      writes.push({ entries, done });
      return 0;
    },
  };
  return { store, writes };
}

const complete = (store: TraceStore) =>
  workflowStep<{ message: IncomingMessage }, { done: boolean; marker?: DoneMarker }>(
    {
      name: 'Complete',
      run: async () => ({ done: true, marker }),
      endsExecution: () => true,
      marksDone: (result) => result.marker,
    },
    store,
  );

describe('Function: workflowStep, for the step that marks the message done (Complete)', () => {
  it('writes the marker with the execution trace, in one write', async () => {
    // Prepare
    const { store, writes } = traces();

    // Act
    await complete(store)({ message });

    // Assess
    expect(writes).toHaveLength(1);
    expect(writes[0]?.done).toEqual(marker);
    expect(writes[0]?.entries.map((e) => e.step)).toEqual(['Complete']);
  });

  it('fails when that write fails: the message is not done, so the retry or the redelivery must write it', async () => {
    // Prepare
    const { store } = traces(true);

    // Act / Assess
    await expect(complete(store)({ message })).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('a step that marks nothing still succeeds when its trace cannot be written', async () => {
    // Prepare
    const { store } = traces(true);
    const logOnly = workflowStep<{ message: IncomingMessage }, { ok: true }>(
      { name: 'SyncCrm', run: async () => ({ ok: true }), endsExecution: () => true },
      store,
    );

    // Act / Assess
    await expect(logOnly({ message })).resolves.toMatchObject({ ok: true });
  });

  it('a parked message (no marker) ends with its trace alone', async () => {
    // Prepare
    const { store, writes } = traces();
    const parked = workflowStep<{ message: IncomingMessage }, { done: boolean; marker?: DoneMarker }>(
      {
        name: 'Complete',
        run: async () => ({ done: false }),
        endsExecution: () => true,
        marksDone: (result) => result.marker,
      },
      store,
    );

    // Act
    await parked({ message });

    // Assess
    expect(writes.map((w) => w.done)).toEqual([undefined]);
  });
});
