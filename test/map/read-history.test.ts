import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { dropHistoryClauses, isHistoryText } from '../../src/map/read-history.js';

// History found by what its lines are (dates, versions, past tense), under headings no list names.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-history/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const workers = (map: Loaded) => map.model.workers.map((w) => ({ name: w.name, command: w.command, port: w.port, lock: w.lock, dependsOn: [...w.dependsOn].sort() }));
const warnings = (map: Loaded) => map.messages.map((m) => `${m.place.line}: ${m.rule} ${m.message}`);

const CURRENT = [
  '# Shop', '', '## Services', '',
  '**`api`** — `node api.js`, listens on port 3000 and writes `out/feed.json` every minute; lock `run/api.lock`.', '',
  '**`indexer`** — `python index.py`, reads `out/feed.json`.', '',
];

describe('history read by its lines', () => {
  it('tells dated, versioned and past-tense lines from current ones', () => {
    expect(['- 2025-06-02: moved the lock to run/x.lock', 'v1.4 — port was 8080', '**12 Mar 2025** — split the API', '[2.0.1] - 2025-01-09',
      'The api used to write `old.json`', 'It no longer reads `x.csv`', 'The port was `8080` back then'].map(isHistoryText)).toEqual([true, true, true, true, true, true, true]);
    expect(['`api` listens on port 3000', 'Runs every 5 minutes: 0 */5 * * *', 'Stale after 1.5 hours', 'The file is rewritten hourly'].map(isHistoryText)).toEqual([false, false, false, false]);
    expect(dropHistoryClauses('Listens on port 3000 (it used to be 8080). Writes `a.json`; previously wrote `b.json`.')).toBe('Listens on port 3000. Writes `a.json`;');
  });

  it('reads a section of dated entries under a heading no list names as history', async () => {
    const map = await load([...CURRENT,
      '## Since the spring', '',
      '- 2025-06-02: `api` took its lock at `run/old.lock` and listened on port 8080.',
      '- 2025-04-11: `indexer` read `out/old-feed.json` and depended on `solr`.',
      '- v1.4 — `api` was started as `node old-api.js`.', '',
    ].join('\n'));
    expect(workers(map)).toEqual([
      { name: 'api', command: 'node api.js', port: 3000, lock: 'run/api.lock', dependsOn: [] },
      { name: 'indexer', command: 'python index.py', port: null, lock: null, dependsOn: ['file:out/feed.json'] },
    ]);
    expect(warnings(map).filter((w) => !w.includes('prose'))).toEqual([]);
    expect(warnings(map).join('\n')).not.toContain('conflicting');
  });

  it('reads a section of past-tense sentences as history', async () => {
    const map = await load([...CURRENT,
      '## Spring cut-over', '',
      'The `api` used to listen on port 8080 and took its lock at `run/old.lock`.',
      'It was started as `node legacy.js` then. `indexer` previously read `out/old-feed.json`.',
      'It no longer depends on `solr`.', '',
    ].join('\n'));
    expect(workers(map)).toEqual([
      { name: 'api', command: 'node api.js', port: 3000, lock: 'run/api.lock', dependsOn: [] },
      { name: 'indexer', command: 'python index.py', port: null, lock: null, dependsOn: ['file:out/feed.json'] },
    ]);
    expect(map.model.files.map((f) => f.path)).toEqual(['out/feed.json']);
  });

  it('drops past lines and asides inside a component, keeping the component and its current values', async () => {
    const map = await load([
      '# Shop', '', '## Services', '', '### api', '',
      'Runs `node api.js` and listens on port 3000 (it used to be 8080). It writes `out/feed.json`.', '',
      '- lock: `run/api.lock`',
      '- 2025-06-02: the lock was `run/old.lock`; it listened on port 8080.',
      '- It previously wrote `out/legacy.json`.', '',
      '### indexer', '',
      '`python index.py` reads `out/feed.json`. It no longer depends on `solr`.', '',
    ].join('\n'));
    expect(workers(map)).toEqual([
      { name: 'api', command: 'node api.js', port: 3000, lock: 'run/api.lock', dependsOn: [] },
      { name: 'indexer', command: 'python index.py', port: null, lock: null, dependsOn: ['file:out/feed.json'] },
    ]);
    expect(map.model.files.map((f) => f.path)).toEqual(['out/feed.json']);
    expect(warnings(map)).toEqual([]);
  });

  it('keeps a section of current facts that mentions one change', async () => {
    const map = await load([
      '# Shop', '', '## Runtime notes', '',
      '- **`api`** — `node api.js`, port 3000.',
      '- **`indexer`** — `python index.py`, reads `out/feed.json`.',
      '- **`feeder`** — `python feed.py`, writes `out/feed.json`.',
      '- 2025-06-02: the api moved to port 3000.', '',
    ].join('\n'));
    expect(workers(map).map((w) => [w.name, w.port])).toEqual([['api', 3000], ['indexer', null], ['feeder', null]]);
  });
});
