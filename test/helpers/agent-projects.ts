/**
 * The set-up and teardown every agent test repeated: temp projects and `healmap watch` daemons made
 * here are torn down after each test in the one safe order — daemons stopped (SIGTERM, waited for),
 * `healmap stop` in each project (the workers the agent started), then the project removed with
 * whatever still runs in it. A failing step does not skip the later ones.
 */
import { afterEach } from 'vitest';
import { runCli } from './run-cli.js';
import { DaemonProcess } from './run-daemon.js';
import { TempProject } from './temp-project.js';

/** The projects and daemons of the running test, torn down after it. */
export class AgentProjects {
  private readonly projects: TempProject[] = [];
  private readonly daemons: DaemonProcess[] = [];

  /** A new temp project with these files. */
  create(files: Record<string, string> = {}): TempProject {
    const project = new TempProject(files);
    this.projects.push(project);
    return project;
  }

  /** A real `healmap watch` in the project (JSON log collected; see DaemonProcess). */
  watch(project: TempProject | string, args: string[] = []): DaemonProcess {
    const daemon = new DaemonProcess(typeof project === 'string' ? project : project.dir, args);
    this.daemons.push(daemon);
    return daemon;
  }

  /** Stops every daemon, runs `healmap stop` in every project and removes them; rethrows the first failure. */
  async tearDown(): Promise<void> {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    };
    for (const daemon of this.daemons.splice(0)) await attempt(() => daemon.stop());
    for (const project of this.projects.splice(0)) {
      await attempt(() => runCli(['stop'], { cwd: project.dir }));
      await attempt(() => project.cleanup());
    }
    if (failures.length > 0) throw failures[0];
  }
}

/** Call at the top of a test file: the tracker whose projects and daemons go after each test. */
export function useAgentProjects(): AgentProjects {
  const agent = new AgentProjects();
  afterEach(() => agent.tearDown());
  return agent;
}
