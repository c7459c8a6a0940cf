/**
 * An incident's fingerprint (pure): what kind of fault this is, so that lessons from past
 * incidents of the same kind can be applied to it. Two incidents with equal fingerprints are
 * "the same fault" for learning.
 */

/** What is known of a fault when it is first planned for. */
export interface IncidentFacts {
  /** The component's own problem codes (not `dependency-unhealthy`). */
  problems: readonly string[];
  /** How the worker last exited, when the agent saw it (its child `exit` event). */
  exit?: { code: number | null; signal: string | null } | null;
  /** Status of each direct dependency (`ok`, `warning`, `critical`, `unknown`). */
  dependencies?: readonly string[];
  /** A config it depends on changed since it was last healthy (differs from its good copy). */
  configChanged?: boolean;
}

/**
 * The fingerprint string, e.g. `process-dead|exit:1|deps:ok|config-changed`. Problem codes are
 * sorted; dependency states are reduced to the worst one seen, so the key does not grow with
 * the number of dependencies.
 */
export function fingerprintIncident(facts: IncidentFacts): string {
  const parts = [[...new Set(facts.problems)].sort().join('+') || 'none'];
  const exit = facts.exit;
  if (exit) parts.push(exit.signal ? `signal:${exit.signal}` : `exit:${exit.code ?? '?'}`);
  parts.push(`deps:${worstOf(facts.dependencies ?? [])}`);
  if (facts.configChanged) parts.push('config-changed');
  return parts.join('|');
}

const RANK: Record<string, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

function worstOf(statuses: readonly string[]): string {
  let worst = 'ok';
  for (const s of statuses) if ((RANK[s] ?? 1) > (RANK[worst] ?? 0)) worst = s;
  return worst;
}
