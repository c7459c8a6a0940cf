// Writes one JSON line to argv[2] and then stays alive without writing again: a hung producer.
import { appendFileSync } from 'node:fs';

appendFileSync(process.argv[2], `${JSON.stringify({ ts: Date.now() })}\n`);
setInterval(() => {}, 1 << 30);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
