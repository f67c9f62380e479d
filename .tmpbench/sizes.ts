import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, lambdaEntry } from '../infra/cdk/bundling';
import { nodeLambdaEntries } from '../infra/lambdas';
import { sdkBytes } from '../test/bench/bundles';

const entries = nodeLambdaEntries();
const filter = process.argv[2] ?? '';
const rows: Array<[string, number, string]> = [];
for (const entry of entries.filter((e) => e.includes(filter))) {
  const r = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints: [lambdaEntry(entry)],
    write: false,
    metafile: true,
    outdir: '/tmp/x',
    logLevel: 'silent',
    external: ['@sparticuz/chromium', 'playwright-core', 'chromium-bidi'],
  });
  const out = Object.values(r.metafile!.outputs).find((o) => o.entryPoint)!;
  const by: Record<string, number> = {};
  const sdk = sdkBytes(r.metafile!);
  for (const [file, info] of Object.entries(out.inputs)) {
    if (/node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(file)) continue;
    const m = file.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
    const key = m ? m[1]! : file.split('/').slice(0, 2).join('/');
    by[key] = (by[key] ?? 0) + info.bytesInOutput;
  }
  const top = Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k}:${(v / 1024).toFixed(0)}`)
    .join(' ');
  rows.push([entry, (out.bytes - sdk) / 1024, top]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [e, kb, top] of rows) console.log(kb.toFixed(0).padStart(5), e, '|', top);
