import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { unfoldAdmonitions } from '../../src/map/unfold-admonitions.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-tabs/ARCHITECTURE_MAP.md', label: 'MAP' });

describe('MkDocs content tabs and admonitions', () => {
  it('reads a component written in a content tab with a Key | Value table', async () => {
    const map = await load([
      '# Map', '', '## Components', '', '=== "dmx_daemon"', '', '    The OLA daemon.', '',
      '    | | |', '    |---|---|', '    | **Start** | `olad -c ola-conf` |', '    | **Port** | 9090 |', '    | **Pidfile** | `run/olad.pid` |', '',
      '    !!! tip', '        The page at `http://127.0.0.1:9090/` doubles as the UI.', '',
      '=== "stage_ui"', '', '    | | |', '    |---|---|', '    | **Start** | `npm run ui` |', '    | **Port** | 3300 |', '',
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.port, w.pidfile, w.place.line])).toEqual([
      ['dmx_daemon', 'olad -c ola-conf', 9090, 'run/olad.pid', 5],
      ['stage_ui', 'npm run ui', 3300, null, 18],
    ]);
  });

  it('reads nothing from an admonition: a collapsed checklist there gives no component a command', async () => {
    const map = await load([
      '# Map', '', '## Components', '', '### api', '', '- Run: `node api.js`', '- Port: 8080', '',
      '## Checks', '', '??? example "Checklist"', '    1. `api` up: `http://127.0.0.1:8080/` loads.', '    2. `worker` started with `python worker.py --once`.', '',
      '!!! warning "Careful"', '    ```', '    python other.py --flag', '    ```', '',
    ].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.command])).toEqual([['api', 'node api.js']]);
  });

  it('keeps every line where it was and leaves fenced code alone', () => {
    const text = ['## A', '=== "one"', '    text', '    !!! note "N"', '        aside', '    more', 'out', '```', '=== "no"', '    kept', '```'].join('\n');
    const out = unfoldAdmonitions(text).split('\n');
    expect(out).toHaveLength(text.split('\n').length);
    expect(out.slice(0, 7)).toEqual(['## A', '### one', 'text', '> <!-- healmap:aside -->', '> aside', 'more', 'out']);
    expect(out.slice(7)).toEqual(['```', '=== "no"', '    kept', '```']);
  });
});
