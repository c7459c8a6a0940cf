// Child of the bench: times full check cycles (probe + diagnose) on one project; prints JSON.
import { checkSystem } from '../dist/agent/check-system.js';
import { loadMap } from '../dist/map/load-map.js';

const [mapPath, runs = '7'] = process.argv.slice(2);
const map = await loadMap(mapPath);
if (!map.ok) throw new Error('bench map invalid');
const times = [];
let status = '';
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now();
  const { diagnosis } = await checkSystem(map);
  times.push(performance.now() - started);
  status = diagnosis.status;
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ medianMs: times[Math.floor(times.length / 2)], rss: process.resourceUsage().maxRSS * 1024, status, components: map.order.length }));
