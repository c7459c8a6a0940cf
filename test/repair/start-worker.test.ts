import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/history-log.js';
import { REPO, runCli } from '../helpers/run-cli.js';
import { useAgentProjects } from '../helpers/agent-projects.js';
import { freePort } from '../helpers/free-port.js';
import { TempProject, WORKERS, uniqueToken } from '../helpers/temp-project.js';

const agent = useAgentProjects();
let project: TempProject;

const FAST = '## Settings\n- start within: 1s\n- stop grace: 1s\n';
const NOBODY = 65534;


/**
 * A project whose worker `api` (which never listens) declares `port`, and a foreign listener
 * started by the test, outside the map, that takes the port as soon as healmap launches `api`:
 * after the diagnosis saw the port free, before the start is verified.
 */
async function setUpForeignListener(extra = ''): Promise<{ port: number; foreignPid: number; signals: string }> {
  const t = uniqueToken();
  const port = await freePort();
  project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers\n### api\n- command: node ${WORKERS}/forever.mjs api ${t}\n- port: ${port}\n${extra}\n${FAST}` });
  const signals = project.path('foreign.signals');
  const foreign = project.spawn(process.execPath, [join(WORKERS, 'listen-when.mjs'), String(port), project.path('.healmap/run/api.pid'), signals]);
  return { port, foreignPid: foreign.pid as number, signals };
}

/** `healmap heal` as the unprivileged user `nobody`, who cannot read root's /proc/PID/fd. */
function healAsNobody(): Promise<{ code: number; stdout: string }> {
  for (const entry of ['', ...readdirSync(project.dir, { recursive: true, encoding: 'utf8' })]) chownSync(join(project.dir, entry), NOBODY, NOBODY);
  return new Promise((resolve) => {
    try {
      const stdout = execFileSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, join(REPO, 'bin/healmap.js'), 'heal'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } }).toString();
      resolve({ code: 0, stdout });
    } catch (error) {
      resolve({ code: (error as { status: number }).status, stdout: String((error as { stdout: Buffer }).stdout) });
    }
  });
}

const startEntries = async () => (await readHistory(project.path('.healmap/history.jsonl'))).filter((e) => e.action === 'start-worker');

describe('start verification never takes a port on trust', () => {
  it('[attack] a foreign listener that takes the port during the start fails it as port-held-by-other and is never signalled', async () => {
    const { port, foreignPid, signals } = await setUpForeignListener();
    const heal = await runCli(['heal'], { cwd: project.dir });
    expect(heal.code).not.toBe(0);
    expect(heal.stdout).toContain(`port-held-by-other: port ${port} is held by pid ${foreignPid} (node), not by this worker`);
    const starts = await startEntries();
    expect(starts.map((e) => e.result)).toEqual(['failed']);
    expect(starts[0]?.detail).toContain('that process was not signalled');
    // Never signalled, still alive, still listening.
    expect(readFileSync(signals, 'utf8')).toBe('listening\n');
    expect(() => process.kill(foreignPid, 0)).not.toThrow();
  });

  it('[attack] a listener healmap cannot identify (healmap runs as nobody) leaves the start unverified, never started', async () => {
    const { port, foreignPid, signals } = await setUpForeignListener();
    const heal = await healAsNobody();
    expect(heal.code).not.toBe(0);
    expect(heal.stdout).not.toMatch(/start-worker api \(process-dead\) succeeded/);
    const starts = await startEntries();
    expect(starts.map((e) => e.result)).toEqual(['failed']);
    expect(starts[0]?.detail).toMatch(new RegExp(`^api: unverified: port ${port} is open but healmap cannot tell which process holds it: no process healmap can read owns the listening socket \\(\\d+ processes' open files are unreadable to uid ${NOBODY}.*; with no health check declared, the start cannot be verified$`));
    expect(readFileSync(signals, 'utf8')).toBe('listening\n');
    expect(() => process.kill(foreignPid, 0)).not.toThrow();
  });

  it('falls back to the health check when the holder cannot be read, and says so', async () => {
    await setUpForeignListener('- health check: `test -e ready.flag`\n');
    project.write('ready.flag', '');
    const heal = await healAsNobody();
    const starts = await startEntries();
    expect(starts.map((e) => e.result)).toEqual(['succeeded']);
    expect(starts[0]?.detail).toMatch(/cannot tell which process holds it: .*; verified by its health check, healthy/);
    expect(heal.stdout).toContain('start-worker api (process-dead) succeeded');
  });

  it('verifies a worker that listens on its port itself, as nobody too', async () => {
    const t = uniqueToken();
    const port = await freePort();
    project = agent.create({ 'ARCHITECTURE_MAP.md': `## Workers\n### api\n- command: node ${WORKERS}/listen.mjs ${port} ${t}\n- port: ${port}\n${FAST}` });
    await healAsNobody();
    const starts = await startEntries();
    expect(starts.map((e) => e.result)).toEqual(['succeeded']);
    expect(starts[0]?.detail).toMatch(new RegExp(`listening on ${port}`));
  });
});
