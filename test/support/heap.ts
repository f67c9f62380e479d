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

/** Downloads a response over real HTTP without keeping it: counts bytes and lines, keeps the first and last few KB. */
export function downloadCounting(url: string, headers: Record<string, string>): Promise<CountedDownload> {
  return new Promise<CountedDownload>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      let lines = 0;
      let head = '';
      let tail = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
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
 * downloadCounting while a timer measures the retained heap of this process every `sampleEveryMs` — the process
 * also runs the local stage, so a handler that gathered the export before sending it shows up as growth
 * proportional to the export. Sampling by time rather than by bytes received also covers the phase before the
 * first byte, and the loopback socket buffers (megabytes) cannot hide anything. Only the peak is asserted, never
 * a duration: each sample is two full collections of the whole process, which cost as much as a large export
 * itself, so a download timed for speed must not be a sampled one.
 */
export async function downloadMeasuringHeap(
  url: string,
  headers: Record<string, string>,
  sampleEveryMs: number,
): Promise<StreamedDownload> {
  const baseline = retainedHeap();
  let peak = 0;
  let samples = 0;
  const timer = setInterval(() => {
    samples += 1;
    peak = Math.max(peak, retainedHeap() - baseline);
  }, sampleEveryMs);
  try {
    return { ...(await downloadCounting(url, headers)), peakGrowthBytes: peak, samples };
  } finally {
    clearInterval(timer);
  }
}
