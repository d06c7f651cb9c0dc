/**
 * The one CSV cell writer for every CSV file Rostrum makes (the results export, the invitation
 * links for a mail merge): texts in them come from people (decision texts, delegation names),
 * and a spreadsheet that opens the file may run a text as a formula (CSV injection, OWASP).
 *
 * The files are written with `,`, but Excel and LibreOffice with Russian or French settings open
 * a `.csv` with `;`, and others with a tab. Quoting protects a cell only from the reader whose
 * separator it was written for: to a `;` reader, a cell quoted for `,` does not start with its
 * quote, so a `;` inside it starts a new cell, and so does a line break. So a text is defused at
 * every place where some reader may start a cell: its first character, and the character after
 * each `;`, tab, CR or LF inside it (spaces and quotes skipped first, as trimming importers and
 * quote handling would). If that character is `=`, `+`, `-`, `@`, a tab or a CR, an apostrophe
 * goes before it, which every spreadsheet shows as text. A `,` inside a text needs nothing: to a
 * `,` reader it is inside the quotes, to the others it is an ordinary character.
 *
 * Numbers are written as they are, negative ones too: they are counts and quotas the server
 * computed, never people's text, and `-3` is a number in every spreadsheet. A text that looks
 * like a negative number (`-5`) is still a text and gets its apostrophe: the writer does not
 * guess which texts are harmless.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** Where a reader with one of the usual separators (`;`, tab; any, for a line break) starts a new cell. */
const CELL_BREAKS = new Set([';', '\t', '\r', '\n']);
/** What makes a spreadsheet read a cell as a formula (OWASP: = + - @ tab CR). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** The text with an apostrophe before each formula start (see above); unchanged when there is none. */
export function defuseCsvText(text: string): string {
  let out = '';
  let atCellStart = true;
  for (const c of text) {
    if (atCellStart && FORMULA_STARTS.has(c)) out += "'";
    out += c;
    if (CELL_BREAKS.has(c)) atCellStart = true;
    else if (c !== ' ' && c !== '"') atCellStart = false;
  }
  return out;
}

/**
 * One cell for a `,`-separated file. Quoted (RFC 4180, quotes doubled) when it holds a separator
 * of any kind (`,` `;` tab), a quote, a line break, leading or trailing spaces, or was defused (as
 * OWASP recommends, the apostrophe then sits inside the quotes). Null and undefined are empty.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  const raw = String(value);
  const text = defuseCsvText(raw);
  const quote = text !== raw || /[",;\t\r\n]|^\s|\s$/.test(text);
  return quote ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record (no line end): the cells separated by `,`. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}
