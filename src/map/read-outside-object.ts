/**
 * Outside systems named in plain words as what a component needs ("`downlink` needs the ground
 * station network", "talks to the barrier controllers"). A plain phrase after a needing verb is
 * read as an outside system only when the map names it more than once, so a passing phrase ("uses
 * a lot of memory") never becomes one; the reference is then a warning, never an error.
 */
import { plainOf } from './read-text.js';

// Words that end a noun phrase: prepositions, conjunctions, relative pronouns.
const STOP = new Set(['for', 'to', 'with', 'over', 'via', 'when', 'so', 'and', 'or', 'but', 'if', 'which', 'that', 'from', 'in',
  'on', 'at', 'by', 'as', 'before', 'after', 'until', 'while', 'because', 'is', 'are', 'be', 'it', 'its', 'them', 'this', 'these']);
const ARTICLES = new Set(['the', 'a', 'an', 'our', 'their', 'its']);
// A phrase opening with a quantity ("two things", "some time") names no system.
const QUANTITIES = new Set(['one', 'two', 'three', 'four', 'five', 'some', 'several', 'many', 'more', 'less', 'no', 'any', 'all',
  'every', 'each', 'nothing', 'little', 'much', 'few', 'both', 'other', 'another', 'enough']);
const MAX_WORDS = 4;

/** The plain noun phrase that starts a text (after its article), or null when none does. */
export function leadingPhrase(text: string): string | null {
  const words: string[] = [];
  for (const m of plainOf(text).matchAll(/[^\s]+/g)) {
    const raw = m[0];
    const word = raw.replace(/[.,;:!?)"'’]+$/, '');
    const lower = word.toLowerCase();
    if (words.length === 0 && ARTICLES.has(lower)) continue;
    if (words.length === 0 && QUANTITIES.has(lower)) return null;
    if (STOP.has(lower) || !/^[\p{L}][\p{L}\p{N}'’-]*$/u.test(word)) break;
    words.push(word);
    if (word !== raw || words.length >= MAX_WORDS) break;
  }
  return words.length > 0 && words.length <= MAX_WORDS ? words.join(' ') : null;
}

/** How often each phrase occurs in the map's text, case-insensitively. */
export function countPhrase(texts: string[], phrase: string): number {
  const needle = phrase.toLowerCase();
  let count = 0;
  for (const text of texts) {
    const lower = plainOf(text).toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) count++;
  }
  return count;
}
