// `npm run bench`: the benchmark report. Not a test, and never run by CI.
import { availableParallelism } from 'node:os';
import { benchLint } from './bench-lint.mjs';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
console.log(`# healmap benchmark — ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores, node ${process.version}\n`);
console.log(`## Map parse: whole-process \`healmap lint\` (median of ${runs})\n`);
console.log('| workers | form | map size | time | peak RSS |');
console.log('|---:|---|---:|---:|---:|');
const results = [];
for (const form of ['table', 'heading']) {
  for (const workers of sizes) {
    const r = benchLint(workers, form, runs);
    results.push(r);
    console.log(`| ${workers} | ${form} | ${(r.bytes / 1024).toFixed(0)} KiB | ${(r.ms / 1000).toFixed(2)} s | ${(r.rss / 1024 ** 2).toFixed(0)} MiB |`);
  }
}
for (const form of ['table', 'heading']) {
  const small = results.find((r) => r.form === form && r.workers === 1000);
  const big = results.find((r) => r.form === form && r.workers === 10000);
  if (small && big) console.log(`\n${form}: 10,000/1,000 time ratio ${(big.ms / small.ms).toFixed(1)}`);
}
