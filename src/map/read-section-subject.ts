/**
 * Guides that tell the system as a story give each component a section of its own under a heading
 * that names a step, not the component ("## Stage 2 — the model worries"): a paragraph names the
 * component in code ("`scorer` picks up the readings..."), a block under it holds its command
 * alone, and the paragraphs after it say "it" ("It writes `out.json`", "It lives on port 8501").
 * The component such a section is about is the first name it writes in code that is no path,
 * config, command or component already declared with a command.
 */
import { codeSpans, isCommandLike, isConfigPath, isNameLike, isPathLike } from './read-text.js';

// A program and its arguments, one of them technical (`Rscript model.R`, `rclone sync wx remote:b`):
// no sentence, no path alone, no `KEY=value`, no `key: value`, no `GET /x`.
const PROGRAM_LINE = /^(?![A-Z]+\s)[A-Za-z][\w.+-]*(?:\s+\S+)+$/;

/** True for the one line of a code block that reads as a command, a program healmap does not know included. */
export function isLoneCommand(line: string): boolean {
  // Columns parted by runs of spaces (`payout    every 6 hours    python payout.py`) are a register.
  if (/\S\s{3,}\S/.test(line)) return false;
  if (isCommandLike(line)) return true;
  if (!PROGRAM_LINE.test(line) || /[.!?]$|,\s/.test(line)) return false;
  return line.split(/\s+/).slice(1).some((arg) => /[-./:=_\d]/.test(arg));
}

// The text a block stands under says it is how to build, install, test or run a thing by hand.
const NOT_HOW_IT_RUNS = /\b(?:build|builds|built|compiles?|compiled|install|installs|installed|deploy|deploys|deployed|tests?|tested|lint|upgrade|migrate|restart|re-?run|by hand|manually|to check|debug)\b/i;

/** True when the paragraph right above a command block presents it as something else than how a component runs. */
export function saysOtherUse(text: string): boolean {
  return NOT_HOW_IT_RUNS.test(text);
}

/** The component a section's text names before a lone command block, or null when it names none. */
export function findSectionSubject(texts: string[], declared: ReadonlySet<string>): string | null {
  for (const text of texts) {
    for (const span of codeSpans(text)) {
      if (/\s/.test(span) || !isNameLike(span) || isPathLike(span) || isConfigPath(span) || isCommandLike(span)) continue;
      if (declared.has(span)) continue;
      return span;
    }
  }
  return null;
}
