import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, lambdaEntry } from '../infra/cdk/bundling';

const r = await build({
  ...LAMBDA_ESBUILD_OPTIONS,
  entryPoints: [lambdaEntry(process.argv[2]!)],
  write: false,
  metafile: true,
  outdir: '/tmp/x',
  logLevel: 'silent',
  external: ['@sparticuz/chromium', 'playwright-core', 'chromium-bidi'],
});
const out = Object.values(r.metafile!.outputs).find((o) => o.entryPoint)!;
const rows = Object.entries(out.inputs)
  .filter(([f]) => !/node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(f))
  .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
for (const [f, i] of rows.slice(0, Number(process.argv[3] ?? 30)))
  console.log((i.bytesInOutput / 1024).toFixed(1).padStart(6), f);
