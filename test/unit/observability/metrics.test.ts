import { afterEach, describe, expect, it } from 'vitest';
import { lambdaEntry } from '../../../shared/entry/entry';
import {
  countMetric,
  countStepFailure,
  METRICS_NAMESPACE,
  MetricName,
  metricsOutputEnabled,
  publishMetrics,
  setMetricsOutput,
} from '../../../shared/observability/metrics';
import { captureStdout } from '../../support/capture-stdout';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

const emfDocuments = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => typeof line._aws === 'object') as unknown as EmfDocument[];

afterEach(() => {
  setMetricsOutput(undefined);
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.STAGE;
});

describe('Module: metrics', () => {
  it('publishes stored metrics as one EMF document in the FlowIA namespace', () => {
    // Prepare
    setMetricsOutput(true);
    const capture = captureStdout();
    // Act
    try {
      countMetric(MetricName.MessagesProcessed);
      countMetric(MetricName.DmsSent, 2);
      publishMetrics();
    } finally {
      capture.restore();
    }
    // Assess
    const [emf, ...more] = emfDocuments(capture.json());
    expect(more).toEqual([]);
    const directive = emf?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual(['DmsSent', 'MessagesProcessed']);
    expect(directive?.Metrics.every((m) => m.Unit === 'Count')).toBe(true);
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(emf).toMatchObject({ service: 'flow-ia', MessagesProcessed: 1, DmsSent: 2 });
  });

  it('writes a step failure at once with its Step dimension, without leaking it onto other metrics', () => {
    // Prepare
    setMetricsOutput(true);
    const capture = captureStdout();
    // Act
    try {
      countMetric(MetricName.DmsSent);
      countStepFailure('send');
      publishMetrics();
    } finally {
      capture.restore();
    }
    // Assess
    const documents = emfDocuments(capture.json());
    const failure = documents.find((d) => 'StepFailures' in d);
    expect(failure).toMatchObject({ StepFailures: 1, Step: 'send', service: 'flow-ia' });
    expect(failure?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(
      expect.arrayContaining(['service', 'Step']),
    );
    const stored = documents.find((d) => 'DmsSent' in d);
    expect(stored?.Step).toBeUndefined();
    expect(stored?._aws.CloudWatchMetrics[0]?.Namespace).toBe('FlowIA');
  });

  it('writes nothing in the local stage and drops what was stored', () => {
    // Prepare
    process.env.STAGE = 'local';
    const capture = captureStdout();
    // Act
    try {
      countMetric(MetricName.MessagesProcessed);
      countStepFailure('decide');
      publishMetrics();
    } finally {
      capture.restore();
    }
    setMetricsOutput(true);
    const after = captureStdout();
    try {
      publishMetrics();
    } finally {
      after.restore();
    }
    // Assess
    expect(emfDocuments(capture.json())).toEqual([]);
    expect(emfDocuments(after.json())).toEqual([]);
  });

  it('lets POWERTOOLS_METRICS_DISABLED decide before the stage', () => {
    process.env.STAGE = 'prod';
    expect(metricsOutputEnabled()).toBe(true);
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    expect(metricsOutputEnabled()).toBe(false);
    process.env.STAGE = 'local';
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    expect(metricsOutputEnabled()).toBe(true);
  });

  it('flushes what an entry point stored, also when it throws', async () => {
    // Prepare
    setMetricsOutput(true);
    const failing = lambdaEntry(async () => {
      countMetric(MetricName.MessagesFailed);
      throw new Error('boom');
    });
    const capture = captureStdout();
    // Act
    try {
      await expect(failing(undefined)).rejects.toThrow('boom');
    } finally {
      capture.restore();
    }
    // Assess
    expect(emfDocuments(capture.json())).toEqual([expect.objectContaining({ MessagesFailed: 1 })]);
  });
});
