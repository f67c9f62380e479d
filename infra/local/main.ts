import { startLocalStage } from './stage';

/** `npm start`: the local stage on PORT (default 3000), data under FLOWIA_DATA_DIR (default .local/). */
const stage = await startLocalStage();
for (const line of stage.banner) console.log(line);
console.log(`Flow IA local stage listening on ${stage.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: draining queued work and stopping…`);
    await stage.stop();
    console.log('Flow IA local stage stopped.');
    process.exit(0);
  });
}
