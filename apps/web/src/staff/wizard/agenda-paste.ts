/**
 * A numbered agenda pasted from a document ("1. Opening", "2) Adoption of the agenda",
 * "3 Report of the Secretary General") read as the titles of agenda items. A top-level number is
 * the item's place and is dropped (the agenda numbers its items itself); a sub-number ("3.1",
 * "4 (a)", "b)") is part of what the secretariat wrote and is kept in the title. A line without a
 * number is an item too (a bullet in front of it is dropped); blank lines are skipped.
 */
export function parseNumberedAgenda(text: string): string[] {
  const titles: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line === '') continue;
    const title = titleOf(line);
    if (title !== '') titles.push(title);
  }
  return titles;
}

function titleOf(line: string): string {
  // "3.1 Sub-item", "3.1. Sub-item", "3.1) Sub-item": a sub-number, kept (without a trailing dot).
  const sub = /^(\d+(?:\.\d+)+)\.?\)?\s+(.+)$/.exec(line);
  if (sub?.[1] && sub[2]) return `${sub[1]} ${sub[2]}`;
  // "1. Opening", "2) Adoption", "3 Report", "4 - Other business", "5: Close": the item's number, dropped.
  const top = /^\(?(\d+)\s*[.)\]:\u2013\u2014-]?\s*(.+)$/.exec(line);
  if (top?.[2]) return top[2].replace(/^[-\u2013\u2014]\s*/, '').trim();
  // "- Item", "• Item", "* Item": a bullet, dropped.
  return line.replace(/^[-*\u2022\u2013]\s*/, '').trim();
}
