import { describe, expect, it } from 'vitest';
import { convertAsciidoc, isAsciidoc } from '../../src/map/convert-asciidoc.js';
import { loadMapText } from '../../src/map/load-map.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-asciidoc/ARCHITECTURE_MAP.md' });

// A small AsciiDoc map of a made-up print shop, in the forms Asciidoctor users write.
const PRINT_SHOP = [
  '= Print shop: how it runs', // 1
  'Ops Guild <ops@example.org>',
  ':toc: left',
  ':icons: font',
  '',
  '== Services', // 6
  '',
  '=== queue_keeper',
  '',
  'Accepts jobs from the counter tablets and spools them to `spool/jobs.ndjson`.', // 10
  '',
  '[source,sh]',
  '----',
  'ruby keeper.rb --listen 7301',
  '----', // 15
  '',
  '* Port: 7301',
  '* Pidfile: `run/keeper.pid`',
  '',
  '=== rip_worker', // 20
  '',
  '[source,sh]',
  '----',
  'python rip.py',
  '----', // 25
  '',
  '* Depends on `queue_keeper`.',
  '',
  '== Outputs',
  '', // 30
  '[cols="2,2,1",options="header"]',
  '|===',
  '| File | Written by | Max age',
  '| `spool/jobs.ndjson` | queue_keeper | 2 min',
  '|===', // 35
  '',
  '== Rip profile (`rip.toml`)',
  '',
  'dpi::',
  '  Integer, *required*. Default 600; range 150–1200.', // 40
  'duplex::',
  '  Boolean, default `false`.',
  '',
].join('\n');

describe('maps written in AsciiDoc', () => {
  it('reads the services, their listing-block commands, bullets, table rows and definitions', async () => {
    const map = await load(PRINT_SHOP);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.port, w.pidfile])).toEqual([
      ['queue_keeper', 'ruby keeper.rb --listen 7301', 7301, 'run/keeper.pid'],
      ['rip_worker', 'python rip.py', null, null],
    ]);
    expect(map.model.workers[1]?.dependsOn).toContain('worker:queue_keeper');
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['spool/jobs.ndjson', 'worker:queue_keeper', 120_000]]);
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.type, f.default, f.required])).toEqual([
      ['dpi', 'integer', 600, true],
      ['duplex', 'boolean', false, false],
    ]);
  });

  it('keeps every line where it was, so a fact points at the line the team wrote', async () => {
    const converted = convertAsciidoc(PRINT_SHOP).split('\n');
    expect(converted).toHaveLength(PRINT_SHOP.split('\n').length);
    expect([converted[0], converted[5], converted[7], converted[12], converted[13], converted[14]]).toEqual(['# Print shop: how it runs', '## Services', '### queue_keeper', '```sh', 'ruby keeper.rb --listen 7301', '```']);
    // The opening `|===` line carries the header row, the header line the separator, rows stay.
    expect(converted.slice(31, 35)).toEqual(['| File | Written by | Max age |', '|---|---|---|', '| `spool/jobs.ndjson` | queue_keeper | 2 min |', '']);
    const map = await load(PRINT_SHOP);
    expect(map.model.workers[0]?.place.line).toBe(8);
    expect(map.model.files[0]?.place.line).toBe(34);
  });

  it('reads a table written one cell a line, closing its rows up without moving what follows', () => {
    const lines = ['= T', '', '== Files', '', '[cols="2,1"]', '|===', '| Path', '| Max age', '', '| `a.log`', '| 5 min', '', '| `b.log`', '| 1 h', '|===', 'after'];
    const converted = convertAsciidoc(lines.join('\n')).split('\n');
    // The header written over two lines: the separator goes on its second line, the rows follow.
    expect(converted.slice(5, 16)).toEqual(['| Path | Max age |', '|---|---|', '| `a.log` | 5 min |', '| `b.log` | 1 h |', '', '', '', '', '', '', 'after']);
  });

  it('leaves Markdown alone, wiki headings and a stray `==` line included', () => {
    for (const text of ['# Map\n\n== not a title\n\n## Workers\n', '== Workers ==\n\n=== api ===\n', 'Some text\n== once\n']) {
      expect(isAsciidoc(text)).toBe(false);
      expect(convertAsciidoc(text)).toBe(text);
    }
  });
});
