import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { unfoldDefinitionLists } from '../../src/map/unfold-definition-lists.js';
import { convertWikiHeadings } from '../../src/map/convert-wiki-headings.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-deflist/ARCHITECTURE_MAP.md', label: 'MAP' });

describe('definition lists and wiki headings', () => {
  it('reads a component written as a term in code with an indented definition and bullets', async () => {
    const map = await load([
      '## Components', '', '`ingest`', ':   Long-running subscriber.', '', '    - Run: `python ingest.py`', '    - Writes: `data/readings.parquet`', '    - Pidfile: `run/ingest.pid`', '',
      '`api`', ':   The HTTP face.', '', '    - Run: `gunicorn app:app -b 0.0.0.0:8090`', '    - Port: **8090**', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.port, w.place.line])).toEqual([
      ['ingest', 'python ingest.py', 'run/ingest.pid', null, 3],
      ['api', 'gunicorn app:app -b 0.0.0.0:8090', null, 8090, 10],
    ]);
  });

  it('reads key terms under a wiki-style component heading as that component\'s facts', async () => {
    const map = await load([
      '= gate: Architecture =', '', '== Glossary of components ==', '', '=== gate_daemon ===', '',
      'Role', ': Opens the barriers.', '', 'Start command', ': `./gated -c gate.ini`', '', 'Listens on', ': port 4040', '',
    ].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.command, w.port])).toEqual([['gate_daemon', './gated -c gate.ini', 4040]]);
  });

  it('keeps every line where it was', () => {
    const text = ['## A', '', 'term', ':   one', '    two', '', 'Key words', ': value', '', '== B ==', '```', 'x', ': y', '```'].join('\n');
    for (const out of [unfoldDefinitionLists(text), convertWikiHeadings(text)]) expect(out.split('\n')).toHaveLength(text.split('\n').length);
    expect(unfoldDefinitionLists(text).split('\n').slice(2, 8)).toEqual(['### term', 'one', 'two', '', '- Key words:', '  value']);
    expect(convertWikiHeadings(text).split('\n')[9]).toBe('## B');
    // Inside a code fence nothing changes.
    expect(unfoldDefinitionLists(text).split('\n').slice(10)).toEqual(['```', 'x', ': y', '```']);
  });

  it('reads terms written one under the other, with no blank line between a definition and the next term', async () => {
    const map = await load([
      '## Services', '', '### shredder', '', '- command: `./shred --all`', '',
      '## Shredding policy (`shred.json`)', '', 'passes', ': Integer, default 3, range 1–7.', 'verify', ': Boolean, default `true`.', 'label', ': String, default "bin".', '',
    ].join('\n'));
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.min, f.max])).toEqual([
      ['passes', 'integer', 3, 1, 7], ['verify', 'boolean', true, null, null], ['label', 'string', 'bin', null, null],
    ]);
  });
});
