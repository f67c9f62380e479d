import { beforeAll, describe, expect, it } from 'vitest';
import { putItems, queryFilteredPage } from '../../shared/adapters/dynamo/queries';
import { tableOnDynalite } from '../support/dynamo-table';

const table = tableOnDynalite('queries-test');
beforeAll(async () => {
  // 40 items, newest last by sort key; every fourth is "kept" by the filter below.
  await putItems(
    table,
    Array.from({ length: 40 }, (_, i) => ({
      pk: 'P#list',
      sk: `T#${String(i).padStart(2, '0')}`,
      kind: i % 4 === 0 ? 'kept' : 'dropped',
    })),
  );
});

const page = (start: Record<string, unknown> | undefined, limit = 3) =>
  queryFilteredPage(table, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeNames: { '#kind': 'kind' },
    ExpressionAttributeValues: { ':pk': 'P#list', ':kept': 'kept' },
    conditions: ['#kind = :kept'],
    limit,
    start,
  });

describe('Function: queryFilteredPage', () => {
  it('reads on past pages the filter emptied, newest first, and resumes from its cursor without a gap or a repeat', async () => {
    // Act: 10 items pass the filter, spread over 40; pages of 3.
    const seen: string[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const { items, lastKey } = await page(start);
      seen.push(...items.map((item) => String(item.sk)));
      start = lastKey;
      pages += 1;
    } while (start && pages < 10);

    // Assess
    expect(seen).toEqual(['T#36', 'T#32', 'T#28', 'T#24', 'T#20', 'T#16', 'T#12', 'T#08', 'T#04', 'T#00']);
    expect(pages).toBeLessThanOrEqual(5);
  });

  it('never returns more than the limit, and a full page ends exactly at its last item', async () => {
    // Act
    const first = await page(undefined, 2);
    const second = await page(first.lastKey, 2);

    // Assess
    expect(first.items.map((item) => item.sk)).toEqual(['T#36', 'T#32']);
    expect(first.lastKey).toEqual({ pk: 'P#list', sk: 'T#32' });
    expect(second.items.map((item) => item.sk)).toEqual(['T#28', 'T#24']);
  });

  it('reads the partition unfiltered when no condition is given', async () => {
    // Act
    const { items } = await queryFilteredPage(table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'P#list' },
      conditions: [],
      limit: 5,
      start: undefined,
    });

    // Assess
    expect(items.map((item) => item.sk)).toEqual(['T#39', 'T#38', 'T#37', 'T#36', 'T#35']);
  });
});
