import { describe, expect, it } from 'vitest';
import { workerProblems } from '../../src/diagnose/component-problems.js';
import { loadMapText } from '../../src/map/load-map.js';
import type { PortProbe } from '../../src/probe/probe-port.js';
import { byId, dead, running, syntheticProbe } from '../helpers/synthetic-probe.js';

const MAP = '## Workers\n### api\n- command: `node api.js`\n- port: 8080\n';
const UNREAD = 'no process healmap can read owns the listening socket (12 processes\' open files are unreadable to uid 65534)';

async function problemsWith(port: PortProbe, worker = running(11)) {
  const { model } = await loadMapText(MAP);
  const probe = syntheticProbe({ workers: byId([['worker:api', worker]]), ports: byId([['worker:api', { ok: true, value: port }]]) });
  return workerProblems(model.workers[0]!, probe).map((p) => ({ code: p.code, severity: p.severity, message: p.message }));
}

describe('the problems of a worker\'s port', () => {
  it('warns when a running worker\'s port is open but its holder cannot be tied to the worker, saying why', async () => {
    expect(await problemsWith({ port: 8080, open: true, holderPid: null, heldByWorker: null, holderUnknown: UNREAD })).toEqual([
      { code: 'port-holder-unknown', severity: 'warning', message: `port 8080 is open, but healmap cannot tell whether this worker holds it: ${UNREAD}` },
    ]);
  });

  it('finds nothing wrong with a port its own tree holds, and keeps a known foreign holder critical', async () => {
    expect(await problemsWith({ port: 8080, open: true, holderPid: 11, heldByWorker: true })).toEqual([]);
    expect((await problemsWith({ port: 8080, open: true, holderPid: 99, heldByWorker: false })).map((p) => `${p.code} ${p.severity}`)).toEqual(['port-held-by-other critical']);
  });

  it('says nothing about an unknown holder of a dead worker\'s port (the death is the finding)', async () => {
    expect((await problemsWith({ port: 8080, open: true, holderPid: null, heldByWorker: null, holderUnknown: UNREAD }, dead())).map((p) => p.code)).toEqual(['process-dead']);
  });
});
