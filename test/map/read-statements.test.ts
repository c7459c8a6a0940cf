import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// Sentences outside any component: who "it" is, and which worker a sentence without a subject is about.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-statements/ARCHITECTURE_MAP.md' });
type Loaded = Awaited<ReturnType<typeof load>>;
const dependsOn = (map: Loaded) => map.model.workers.map((w) => [w.name, [...w.dependsOn].sort()]);
const table = ['## Cheat sheet', '', '| unit | launch |', '|---|---|', '| `mixer` | `./mixer` |', '| `router` | `./router --ports 8` |', '| `panel` | `node panel.js` |', ''];

describe('sentences outside a component', () => {
  it('reads "it" as the one worker its paragraph or bullet is about', async () => {
    const map = await load([
      '# Studio', '', '## The signal chain', '',
      'At the centre sits `mixer`. It loads the fader positions from `state/faders.json`, so it **depends on `router`** being up.', '',
      '- `panel` is the touch screen by the door. It only consumes `state/levels.json`.', '',
      ...table,
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['mixer', ['file:state/faders.json', 'worker:router']], ['router', []], ['panel', ['file:state/levels.json']]]);
  });

  it('reads a sentence that starts with its verb as about its bullet\'s worker', async () => {
    const map = await load([
      '# Studio', '', '## Units', '',
      '- `mixer` blends the inputs. Needs `router`: no routes, no mix.', '',
      ...table,
    ].join('\n'));
    expect(dependsOn(map)).toEqual([['mixer', ['worker:router']], ['router', []], ['panel', []]]);
  });

  it('never reads "it" as a worker named only as what another one needs, nor when two workers are in play', async () => {
    const map = await load([
      '# Studio', '', '## Bring-up checklist', '',
      '- Start the mixing desk: `./mixer`', '  - Note that it depends on `router`.', '  - It reads `state/faders.json` and `mix.yaml`.', '',
      '## Wiring', '', 'One rack holds `mixer` and `panel`. It reads `state/rack.json`.', '',
      ...table,
    ].join('\n'));
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(dependsOn(map)).toEqual([['mixer', []], ['router', []], ['panel', []]]);
  });
});
