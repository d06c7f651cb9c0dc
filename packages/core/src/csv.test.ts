import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord, defuseCsvText } from './csv.js';
import { formulaCells, readAsSpreadsheet } from './testing/spreadsheet.js';

describe('the CSV cell writer', () => {
  it('writes plain texts, numbers (negative too) and booleans as they are; null as empty', () => {
    expect(csvRecord(['Malta Customs', 'Таможня Мальты', 3, -3, 0.5, true, null, undefined])).toBe(
      'Malta Customs,Таможня Мальты,3,-3,0.5,true,,',
    );
  });

  it('quotes a cell that holds any separator, a quote, a line break or edge spaces', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('a; b')).toBe('"a; b"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('say "yes"')).toBe('"say ""yes"""');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('puts an apostrophe, inside the quotes, before a formula start at the start and after ; tab and line breaks', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('-5')).toBe(`"'-5"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell(' +1')).toBe(`" '+1"`);
    expect(csvCell('"=1"')).toBe(`"""'=1"""`);
    expect(defuseCsvText('a;\t=1')).toBe("a;'\t'=1");
    expect(defuseCsvText('x\r\n-y')).toBe("x\r\n'-y");
    // Not after a comma (inside the quotes for a `,` reader; ordinary for the others), nor mid-text.
    expect(defuseCsvText('Agreed, +7 (495) 449-77-77, a=b')).toBe('Agreed, +7 (495) 449-77-77, a=b');
    expect(csvCell(-Infinity)).toBe(`"'-Infinity"`);
  });

  it('whatever the text, no reader with `,` `;` or tab sees a formula, and a `,` reader gets the defused text back', () => {
    const alphabet = ['=', '+', '-', '@', '\t', '\r', '\n', ';', ',', '"', ' ', "'", 'a', 'я', '1'];
    let seed = 20210608;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      const texts = Array.from({ length: 3 }, () =>
        Array.from(
          { length: Math.floor(random() * 8) },
          () => alphabet[Math.floor(random() * alphabet.length)] ?? '',
        ).join(''),
      );
      const file = `${['record', ...texts].map(csvCell).join(',')}\r\n`;
      expect(formulaCells(file), JSON.stringify(texts)).toEqual([]);
      expect(readAsSpreadsheet(file, ','), JSON.stringify(texts)).toEqual([['record', ...texts.map(defuseCsvText)]]);
    }
  });
});
