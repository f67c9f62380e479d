import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs one bench section module (its exported `run()`) in this fresh process and writes the result as JSON to
 * the given file. Each section gets its own process because the composition roots are lazily built singletons
 * that keep the first stage's provider URLs, and so that memory measurements see only their own section.
 */
const [modulePath, outFile] = process.argv.slice(2);
if (!modulePath || !outFile) throw new Error('usage: child.ts <section module> <result file>');
const section = (await import(pathToFileURL(resolve(modulePath)).href)) as { run(): Promise<unknown> };
const result = await section.run();
writeFileSync(outFile, JSON.stringify(result));
// Stopped stages leave nothing running, but a stray keep-alive socket must not keep the bench waiting.
process.exit(0);
