import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { isLoneCommand } from '../../src/map/read-section-subject.js';

const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-story/ARCHITECTURE_MAP.md' });
const workers = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => ({ name: w.name, command: w.command, port: w.port, pidfile: w.pidfile, lock: w.lock }));

// A weaving mill told as the journey of one order, each step a section whose heading names no component.
const STORY = [
  '# The mill, one order at a time',
  '',
  '## Step 1 — the loom wakes up',
  '',
  'Everything starts at the loom. `loom_driver` is what talks to it:',
  '',
  '```',
  './loomd --tty /dev/ttyS3',
  '```',
  '',
  'It keeps its pid in `run/loom.pid` and listens on port 7410, so the floor tablets can reach it.',
  '',
  '## Step 2 — someone plans the colours',
  '',
  'Next, `dye_planner` looks at the open orders and decides which vat gets which colour.',
  'The vats themselves are not ours; the dye house runs them.',
  '',
  '```',
  'Rscript plan.R --orders orders.csv',
  '```',
  '',
  'Because two planners would double-book a vat, it holds a lock, `run/dye.lock`, while it works.',
  '',
].join('\n');

describe('a component told as a step of a story', () => {
  it('reads the lone command block of a section as the command of the component its text names', async () => {
    const map = await load(STORY);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workers(map)).toEqual([
      { name: 'loom_driver', command: './loomd --tty /dev/ttyS3', port: 7410, pidfile: 'run/loom.pid', lock: null },
      { name: 'dye_planner', command: 'Rscript plan.R --orders orders.csv', port: null, pidfile: null, lock: 'run/dye.lock' },
    ]);
  });

  it('ends the story component at a paragraph that leads with another one', async () => {
    const map = await load([
      '# Mill', '', '## Step 3 — shipping', '', 'Here `label_printer` prints the labels:', '', '```', 'lp-daemon --queue labels', '```', '',
      '`crate_scale` — weighs each crate, on port 9102:', '', '```', 'scaled --tty /dev/ttyUSB0', '```', '',
    ].join('\n'));
    expect(workers(map).map((w) => [w.name, w.command, w.port])).toEqual([
      ['label_printer', 'lp-daemon --queue labels', null],
      ['crate_scale', 'scaled --tty /dev/ttyUSB0', 9102],
    ]);
  });

  it('takes no command for a component already declared, nor one to build it, nor from a block after another block', async () => {
    const map = await load([
      '# Mill', '', '## Services', '', '| Service | Command |', '|---|---|', '| `loom_driver` | `./loomd --tty /dev/ttyS3` |', '',
      '## If the loom stops', '', 'Restart `loom_driver` by hand:', '', '```', './loomd --tty /dev/ttyS0 --verbose', '```', '',
      '## Extras', '', 'The `spooler` binary is built by CI.', '', '```', 'make spooler', '```', '', '```', 'spooler --dry-run 3', '```', '',
    ].join('\n'));
    expect(workers(map).map((w) => [w.name, w.command])).toEqual([['loom_driver', './loomd --tty /dev/ttyS3']]);
  });

  it('reads a program healmap does not know as a command only when one argument is technical', () => {
    expect(['Rscript model.R', 'rclone sync wx remote:backup', 'lp-daemon --queue x', './run.sh'].map(isLoneCommand)).toEqual([true, true, true, true]);
    expect(['Hello world', 'GET /healthz', 'LEVEL=3', 'max_age: 30', 'See the docs.', 'payout    every 6 hours    python payout.py'].map(isLoneCommand)).toEqual([false, false, false, false, false, false]);
  });
});

describe('an example .env file shown as a shell block', () => {
  it('reads its keys as the fields of the config the paragraph above names, comments above each as its description', async () => {
    const map = await load([
      '# Mill', '', '## Step 4 — the dryer', '', '`dryer_ctl` runs the dryer; the knobs it reads come from `dryer.env`:', '',
      '```bash', '# integer, default 60, allowed 30..90, REQUIRED', 'DRY_MINUTES=60', '# boolean, default true', 'COOL_DOWN=true', '```', '',
      '```', 'python dryer.py', '```', '',
    ].join('\n'));
    expect(map.model.configs.map((c) => [c.path, c.fields.map((f) => [f.name, f.type, f.default, f.min, f.max, f.required])])).toEqual([
      ['dryer.env', [['DRY_MINUTES', 'integer', 60, 30, 90, true], ['COOL_DOWN', 'boolean', true, null, null, false]]],
    ]);
  });
});
