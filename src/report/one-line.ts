/**
 * Makes text that came from the team's files (names, paths, config content, command output) fit
 * on one line of a table or log: line breaks and other control characters (ESC included, so no
 * terminal escape sequences) become visible escapes such as `\n` and `\x1b`.
 */
export function toOneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
