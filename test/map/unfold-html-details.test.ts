import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { unfoldHtmlDetails } from '../../src/map/unfold-html-details.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-details/ARCHITECTURE_MAP.md' });

// A map exported from a note app: each component folded under a toggle whose summary names it.
const TOGGLES = [
  '# Kiln monitor', // 1
  '',
  '## What runs here',
  '',
  '<details>', // 5
  '<summary><b>🔥 kiln_probe</b> — reads the thermocouples</summary>',
  '',
  '- Start: `./probe --bus i2c-1`',
  '- Writes `kiln/temps.csv`, never more than **20 seconds** old.',
  '- Pidfile: `run/probe.pid`', // 10
  '',
  '</details>',
  '',
  '<details><summary><strong>alarm_horn</strong></summary>',
  '', // 15
  '- Start: `python horn.py`',
  '- Depends on `kiln_probe`.',
  '',
  '</details>',
  '', // 20
].join('\n');

describe('components folded under HTML toggles', () => {
  it('reads each toggle as the component its summary names, with the bullets under it', async () => {
    const map = await load(TOGGLES);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile, w.place.line])).toEqual([
      ['kiln_probe', './probe --bus i2c-1', 'run/probe.pid', 6],
      ['alarm_horn', 'python horn.py', null, 14],
    ]);
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['kiln/temps.csv', 'worker:kiln_probe', 20_000]]);
    expect(map.model.workers[1]?.dependsOn).toContain('worker:kiln_probe');
  });

  it('makes each summary a heading one level below its section or toggle, keeping every line', () => {
    const nested = ['## A', '<details>', '<summary>outer</summary>', '<details>', '<summary>inner</summary>', 'text', '</details>', '</details>', '```', '<summary>code</summary>', '```'];
    const out = unfoldHtmlDetails(nested.join('\n')).split('\n');
    expect(out).toEqual(['## A', '', '### outer', '', '#### inner', 'text', '', '', '```', '<summary>code</summary>', '```']);
    expect(unfoldHtmlDetails(TOGGLES).split('\n')).toHaveLength(TOGGLES.split('\n').length);
  });

  it('reads a toggle under a troubleshooting section as part of it, never as a component', async () => {
    const map = await load([
      TOGGLES, '## When things break', '', '<details>', '<summary><b>kiln_probe</b> is silent</summary>', '',
      '- Pidfile: `run/old-probe.pid` — check it, then restart `./probe --bus i2c-0`', '', '</details>', '',
    ].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.command, w.pidfile])).toEqual([
      ['kiln_probe', './probe --bus i2c-1', 'run/probe.pid'],
      ['alarm_horn', 'python horn.py', null],
    ]);
  });
});

describe('a component heading written as a bare name, a dash and what it does', () => {
  it('reads the name before the dash as the component', async () => {
    const map = await load(['# Mill', '', '## Parts', '', '### grain_scale – weighs each sack', '', '- Start: `./scale --tty /dev/ttyS0`', ''].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.command])).toEqual([['grain_scale', './scale --tty /dev/ttyS0']]);
  });
});
