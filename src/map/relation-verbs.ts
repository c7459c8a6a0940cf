/**
 * The verbs that state a relation, as families of stems rather than lists of exact words: each
 * stem is matched in every form a sentence uses it (`write`, `writes`, `writing`; `read`,
 * `reads`, `reading`), with its particle when it takes one (`reads from`, `depends on`). Three
 * families: writing (the subject produces the object), reading (the subject depends on the file or
 * component it reads) and needing (the subject depends on the component it needs or talks to).
 */

/** What a relation verb says about its subject and object. */
export type RelationKind = 'writes' | 'depends';

// Writing: the subject produces what follows.
const WRITE_STEMS = ['write', 'produce', 'emit', 'output', 'append', 'dump', 'export', 'save', 'publish', 'generate',
  'regenerate', 'render', 'overwrite', 'rewrite', 'update', 'touch', 'populate', 'flush', 'spool', 'store'];
// Reading: the subject depends on what follows.
const READ_STEMS = ['read', 'consume', 'watch', 'tail', 'load', 'poll', 'scan', 'parse', 'import'];
// Needing: the subject depends on what follows.
const NEED_STEMS = ['need', 'require', 'use', 'call', 'query', 'wait for', 'rely on', 'depend on', 'talk to', 'connect to',
  'register with', 'lean on', 'subscribe to', 'pull from', 'fetch from', 'pick up', 'serve'];
// Particles a stem may take without changing its sense ("writes to", "reads from", "watches for").
const PARTICLES = '(?:\\s+(?:to|into|from|for|out to|on))?';

/** The forms a verb takes in a sentence: `watch` gives watch, watches, watching. */
export function verbForms(stem: string): string[] {
  const [head = stem, ...rest] = stem.split(' ');
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  const third = /(?:s|sh|ch|x|z)$/.test(head) ? `${head}es` : /[^aeiou]y$/.test(head) ? `${head.slice(0, -1)}ies` : `${head}s`;
  const ing = /[^e]e$/.test(head) ? `${head.slice(0, -1)}ing` : `${head}ing`;
  return [head, third, ing].map((form) => `${form}${tail}`);
}

// One alternation per family, longest forms first so "writes to" wins over "writes".
function familyPattern(stems: string[], particles: boolean): string {
  const forms = stems.flatMap(verbForms).sort((a, b) => b.length - a.length).map((f) => f.replace(/ /g, '\\s+'));
  return `(?:${forms.join('|')})${particles ? PARTICLES : ''}`;
}

/** Writing verbs in any form: "writes", "appends ... to", "publishing to", "keeps `x` up to date". */
export const WRITE_VERBS = new RegExp(
  String.raw`\b(?:keeps(?=[^.]{0,60}\b(?:up to date|up-to-date|fresh|current)\b)|appends(?: \w+){0,3} to|${familyPattern(WRITE_STEMS, true)})\b`,
  'gi',
);

/** Reading and needing verbs in any form: "reads from", "depends on", "is subscribed to", "takes" (not a lock). */
export const DEPEND_VERBS = new RegExp(
  String.raw`\b(?:dependency on|dependent on|(?:settings|config|configuration) (?:come|comes|live|lives|is|are) (?:from|in)|takes(?!\s+(?:the\s+|a\s+|its\s+)?(?:lock|pid))|${familyPattern(READ_STEMS, true)}|${familyPattern(NEED_STEMS, false)})\b`,
  'gi',
);

/** Passive reading: the subject is read by what follows ("is read by", "feeds", "goes to"). */
export const FEED_VERBS = /\b(feeds|feeding|is read by|are read by|read by|is consumed by|are consumed by|consumed by|goes to|is used by|are used by|used by)\b/gi;

/** Passive writing: the subject is written by what follows ("is written by", "produced by"). */
export const WRITTEN_BY_VERBS = /\b(?:is |are )?(?:written|produced|touched|updated|generated|emitted|created|rendered|exported|dumped|published|appended|overwritten|saved|populated)\b(?:\s+\w+){0,2}?\s+by\b/gi;

/**
 * A component's settings named by their place, so the component reads that config: "its knobs are
 * in `x.yaml`", "tunables live in `x.toml`", "settings: see `y.env`", "configured via `z.ini`".
 * Code is masked as `#` where this is matched.
 */
export const SETTINGS_PLACE = /\b(?:(?:settings|setting|config|configs|configuration|knobs|tunables|tuning|parameters|params|options|thresholds|limits|defaults)(?:\s+(?:are|is|live|lives|sit|sits|reside|resides|come|comes|(?:are|is)\s+(?:kept|stored|defined|set|read|loaded|all|found))\s+(?:in|from)\b|\s*[:—–]\s*(?:see\s+)?(?=#)|\s*\(see\b)|configured\s+(?:in|by|via|through|from|with)\b)/gi;
