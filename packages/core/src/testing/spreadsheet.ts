/**
 * For tests of the CSV files Rostrum writes: how a spreadsheet splits a CSV text into cells
 * when it opens the file with a given separator. Excel and LibreOffice with Russian or French
 * settings split on `;`, whatever the file was written with, so a file written with `,` must
 * also be safe when read with `;` (and with a tab).
 *
 * Lenient on purpose, like the spreadsheets: a quote opens a quoted field only as the field's
 * first character (`""` inside is one quote); after the closing quote, whatever follows up to
 * the next separator is appended as it is; a quote anywhere else is an ordinary character.
 * Records end at CR LF, LF or CR outside a quoted field. A file written for `,` and opened
 * with `;` is never valid RFC 4180: the question is which cells the spreadsheet then sees.
 */
export function readAsSpreadsheet(text: string, separator: ',' | ';' | '\t'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let state: 'start' | 'quoted' | 'unquoted' = 'start';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state === 'quoted') {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else state = 'unquoted';
      continue;
    }
    if (c === separator) {
      row.push(field);
      field = '';
      state = 'start';
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      state = 'start';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else if (state === 'start' && c === '"') {
      state = 'quoted';
    } else {
      field += c;
      state = 'unquoted';
    }
  }
  if (state !== 'start' || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A cell a spreadsheet would run as a formula: one that starts with `= + - @`, also after leading
 * white space (tabs, line breaks, spaces), since some importers trim it (OWASP lists the tab and
 * the CR as formula starts for that reason). A cell of white space alone runs nothing: a reader
 * whose quoted field swallowed a record's line end shows one, whatever the writer does.
 */
export const FORMULA_CELL = /^\s*[=+\-@]/;

/** The cells of a CSV text that a spreadsheet opening it with `,`, `;` or a tab would run as a formula. */
export function formulaCells(text: string): string[] {
  const found: string[] = [];
  for (const separator of [',', ';', '\t'] as const) {
    for (const row of readAsSpreadsheet(text, separator)) {
      for (const cell of row) if (FORMULA_CELL.test(cell)) found.push(`${JSON.stringify(separator)}: ${cell}`);
    }
  }
  return found;
}
