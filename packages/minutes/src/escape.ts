/**
 * Escaping of users' text for each text format. Every string that reaches a renderer goes
 * through one of these: a title with `<script>` or Markdown control characters comes out as
 * the characters typed, never as markup.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Characters with a meaning anywhere in a CommonMark/GFM line: emphasis, code, links and
 * images, raw HTML and entities, table cells, strikethrough, headings. A backslash before
 * any ASCII punctuation makes it literal (CommonMark §2.4).
 */
const MD_INLINE = /[\\`*_[\]<>|~&#!]/g;

/**
 * One line of a user's text as literal Markdown. `lineStart`: the text begins a line of a
 * paragraph or a list item, where `-`, `+`, `=` and `1.` would begin a list or a heading
 * underline, and leading spaces an indented code block (the text is kept, without the
 * indent). Inside a heading, a table cell or after a label these mean nothing.
 */
export function escapeMarkdownLine(line: string, lineStart = true): string {
  const escaped = line.replace(MD_INLINE, (c) => `\\${c}`);
  if (!lineStart) return escaped;
  return escaped
    .replace(/^[ \t]+/, '')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A user's text that may hold several lines, as inline Markdown (lines joined by a space). */
export function escapeMarkdown(text: string, lineStart = true): string {
  return text
    .split('\n')
    .map((line, i) => escapeMarkdownLine(line, lineStart && i === 0))
    .join(' ');
}
