import type { Diagnosis } from '../diagnose/types.js';

/** The documented, stable JSON report (`check --json`, `report --format json`, `/health`). */
export function diagnosisToJson(diagnosis: Diagnosis, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: diagnosis.status,
    checkedAt: diagnosis.checkedAt,
    rootCauses: diagnosis.rootCauses,
    components: diagnosis.components.map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      status: c.status,
      critical: c.critical,
      problems: c.problems.map(({ code, message }) => ({ code, message })),
      causedBy: c.causedBy,
      ...(c.blastRadius.length > 0 ? { blastRadius: c.blastRadius } : {}),
      ...c.facts,
    })),
    system: diagnosis.system,
    resources: diagnosis.resources,
    ...extra,
  };
}
