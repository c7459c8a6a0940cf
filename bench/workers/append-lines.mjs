// Appends one line a second to each file named on the command line, the writes spread evenly
// over the second (one process stands in for N workers' writes: the daemon sees the same events).
import { appendFileSync } from 'node:fs';

const files = process.argv.slice(2);
const stepMs = 1000 / files.length;
let next = 0;
const start = Date.now();
for (;;) {
  const due = start + next * stepMs;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  appendFileSync(files[next % files.length], `{"t":${Date.now()}}\n`);
  next++;
}
