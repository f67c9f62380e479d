import { createHash } from 'node:crypto';
import type { LeadListFilter } from '../../services/leads/ports';
import * as keys from './keys';
import type { IndexName } from './table';

/**
 * Turns a list filter into one DynamoDB Query on the lead GSI that serves its order, never a Scan:
 * sort by score → gsi3 (score range in the key condition), else a status filter → gsi2, else gsi1 (recency).
 * The date range goes into the key condition where the index is ordered by date; everything else becomes a
 * FilterExpression. Free text is matched in code (case- and accent-insensitive, which DynamoDB cannot do).
 */
export interface LeadQueryPlan {
  index: IndexName;
  partitionAttribute: string;
  sortAttribute: string;
  partition: string;
  keyCondition: string;
  filter: string | undefined;
  names: Record<string, string>;
  values: Record<string, unknown>;
  forward: boolean;
  /** Binds a cursor to this exact query: a cursor from other filters or another workspace is rejected. */
  fingerprint: string;
}

/** Sorts after every character a key may hold, so `to` as a date prefix covers the whole day. */
const HIGH = '\uffff';
const pad = (score: number) => String(score).padStart(3, '0');

export function planLeadQuery(workspaceId: string, filter: LeadListFilter): LeadQueryPlan {
  const byScore = filter.sort === 'score';
  const index: IndexName = byScore ? 'gsi3' : filter.status ? 'gsi2' : 'gsi1';
  const partition = byScore
    ? keys.leadByScore(workspaceId, 0, '', '').gsi3pk
    : filter.status
      ? keys.leadByStatus(workspaceId, filter.status, '', '').gsi2pk
      : keys.leadByRecency(workspaceId, '', '').gsi1pk;
  const names: Record<string, string> = { '#pk': `${index}pk` };
  const values: Record<string, unknown> = { ':pk': partition };
  const filters: string[] = [];

  let low: string | undefined;
  let high: string | undefined;
  if (byScore) {
    if (filter.minScore !== undefined) low = `${pad(filter.minScore)}#`;
    if (filter.maxScore !== undefined) high = `${pad(filter.maxScore)}#${HIGH}`;
  } else {
    if (filter.from !== undefined) low = filter.from;
    if (filter.to !== undefined) high = `${filter.to}${HIGH}`;
  }
  let keyCondition = '#pk = :pk';
  if (low !== undefined || high !== undefined) names['#sk'] = `${index}sk`;
  if (low !== undefined && high !== undefined) {
    keyCondition += ' AND #sk BETWEEN :low AND :high';
    Object.assign(values, { ':low': low, ':high': high });
  } else if (low !== undefined) {
    keyCondition += ' AND #sk >= :low';
    values[':low'] = low;
  } else if (high !== undefined) {
    keyCondition += ' AND #sk <= :high';
    values[':high'] = high;
  }

  if (filter.status && index !== 'gsi2') {
    names['#status'] = 'status';
    values[':status'] = filter.status;
    filters.push('#status = :status');
  }
  if (filter.platform) {
    names['#platform'] = 'platform';
    values[':platform'] = filter.platform;
    filters.push('#platform = :platform');
  }
  if (!byScore && filter.minScore !== undefined) {
    names['#score'] = 'score';
    values[':minScore'] = filter.minScore;
    filters.push('#score >= :minScore');
  }
  if (!byScore && filter.maxScore !== undefined) {
    names['#score'] = 'score';
    values[':maxScore'] = filter.maxScore;
    filters.push('#score <= :maxScore');
  }
  if (byScore && filter.from !== undefined) {
    names['#at'] = 'lastInteractionAt';
    values[':from'] = filter.from;
    filters.push('#at >= :from');
  }
  if (byScore && filter.to !== undefined) {
    names['#at'] = 'lastInteractionAt';
    values[':to'] = `${filter.to}${HIGH}`;
    filters.push('#at <= :to');
  }

  const fingerprint = createHash('sha256')
    .update(JSON.stringify([workspaceId, index, filter]))
    .digest('base64url')
    .slice(0, 16);
  return {
    index,
    partitionAttribute: `${index}pk`,
    sortAttribute: `${index}sk`,
    partition,
    keyCondition,
    filter: filters.length > 0 ? filters.join(' AND ') : undefined,
    names,
    values,
    forward: filter.order === 'asc',
    fingerprint,
  };
}
