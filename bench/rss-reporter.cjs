// Preloaded into a benchmarked healmap process: reports its peak RSS on exit to the file in
// HEALMAP_BENCH_RSS_FILE, so the bench measures the whole process without external tools.
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.HEALMAP_BENCH_RSS_FILE;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
});
