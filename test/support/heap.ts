import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A forced full GC (vitest forks run without --expose-gc; V8 allows turning it on at run time). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live heap after a full collection: what is retained, not what happens to be garbage yet. */
export function retainedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export interface CountedDownload {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  lines: number;
  head: string;
  tail: string;
}

export interface StreamedDownload extends CountedDownload {
  /** Largest retained-heap growth over the baseline seen while the body was arriving. */
  peakGrowthBytes: number;
  samples: number;
}

/** When downloadMeasuringHeap samples: on a timer, and each time this many more bytes have arrived. */
export interface HeapSampling {
  everyMs: number;
  everyBytes: number;
}

/**
 * Downloads a response over real HTTP without keeping it: counts bytes and lines, keeps the first and last few KB.
 * `onProgress` sees the byte count when the headers arrive (0) and after every chunk.
 */
export function downloadCounting(
  url: string,
  headers: Record<string, string>,
  onProgress?: (bytesSoFar: number) => void,
): Promise<CountedDownload> {
  return new Promise<CountedDownload>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      let lines = 0;
      let head = '';
      let tail = '';
      onProgress?.(0);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        onProgress?.(bytes);
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
        if (head.length < 4096) head += chunk.toString('utf8').slice(0, 4096 - head.length);
        tail = (tail + chunk.toString('utf8')).slice(-4096);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, lines, head, tail }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * downloadCounting while the retained heap of this process is measured — the process also runs the local stage,
 * so a handler that gathered the export before sending it shows up as growth proportional to the export. It is
 * sampled on a timer, which also covers the phase before the first byte, and when the headers arrive and every
 * `everyBytes` received, so the number of samples follows the size of the export and not the speed of the machine
 * (a fast machine finished a 10,000-lead export between three timer ticks). The loopback socket buffers
 * (megabytes) cannot hide anything. Only the peak is asserted, never a duration: each sample is two full
 * collections of the whole process, which cost as much as a large export itself, so a download timed for speed
 * must not be a sampled one.
 */
export async function downloadMeasuringHeap(
  url: string,
  headers: Record<string, string>,
  sampling: HeapSampling,
): Promise<StreamedDownload> {
  const baseline = retainedHeap();
  let peak = 0;
  let samples = 0;
  let nextSampleAt = 0;
  const sample = () => {
    samples += 1;
    peak = Math.max(peak, retainedHeap() - baseline);
  };
  const timer = setInterval(sample, sampling.everyMs);
  try {
    const download = await downloadCounting(url, headers, (bytesSoFar) => {
      if (bytesSoFar < nextSampleAt) return;
      nextSampleAt = bytesSoFar + sampling.everyBytes;
      sample();
    });
    return { ...download, peakGrowthBytes: peak, samples };
  } finally {
    clearInterval(timer);
  }
}
