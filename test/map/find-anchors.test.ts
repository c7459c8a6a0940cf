import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

const load = (lines: string[]) => loadMapText(lines.join('\n'), { mapPath: '/tmp/healmap-comment-names/ARCHITECTURE_MAP.md', label: 'MAP' });
const workersOf = (map: Awaited<ReturnType<typeof load>>) => map.model.workers.map((w) => [w.name, w.command]);

describe('shell lines named by their trailing comment', () => {
  it('gives components declared by headings the commands whose comments name them, and warns for an unknown name', async () => {
    const map = await load([
      '# Telemetry', '', '## meter_poll', '', 'Polls the meters.', '', '## summary_writer', '', 'Writes the summary.', '',
      '## Starting everything', '', '```sh',
      'python poll.py --bus 2      # meter_poll',
      './summarise --hourly       # summary_writer',
      'node ghost.js              # nobody_here',
      '```',
    ]);
    expect(map.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(workersOf(map)).toEqual([['meter_poll', 'python poll.py --bus 2'], ['summary_writer', './summarise --hourly']]);
    expect(map.messages.filter((m) => m.rule === 'unknown-comment-name').map((m) => m.place?.line)).toEqual([16]);
  });

  it('never replaces a command a component states itself', async () => {
    const map = await load([
      '# Telemetry', '', '## meter_poll', '', '- run: `python poll.py --bus 1`', '', '## Old notes', '', '```sh', 'python poll.py --bus 9   # meter_poll', '```',
    ]);
    expect(workersOf(map)).toEqual([['meter_poll', 'python poll.py --bus 1']]);
  });
});
