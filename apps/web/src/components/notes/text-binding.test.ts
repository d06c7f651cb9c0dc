import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformIndex } from './text-binding.js';

function apply(text: string, e: { index: number; remove: number; insert: string }): string {
  return text.slice(0, e.index) + e.insert + text.slice(e.index + e.remove);
}

describe('diffText', () => {
  it('finds a typed character, a deletion and a replacement', () => {
    expect(diffText('hello', 'hel!lo', 4)).toEqual({ index: 3, remove: 0, insert: '!' });
    expect(diffText('hello', 'helo', 3)).toEqual({ index: 3, remove: 1, insert: '' });
    expect(diffText('hello world', 'hello there', 11)).toEqual({ index: 6, remove: 5, insert: 'there' });
  });

  it('uses the caret where repeated characters make the edit ambiguous', () => {
    // Typing "a" after the first "a" of "aa": an insert at 1, where the caret says.
    expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('always turns the old text into the new one', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (before, after, caret) => {
        expect(apply(before, diffText(before, after, caret % (after.length + 1)))).toBe(after);
      }),
    );
  });
});

describe('transformIndex', () => {
  /** The delta of a remote change made to `text` by `change`. */
  function remoteDelta(initial: string, change: (t: Y.Text) => void): Y.YTextEvent['delta'] {
    const doc = new Y.Doc();
    const t = doc.getText('t');
    t.insert(0, initial);
    let delta: Y.YTextEvent['delta'] = [];
    t.observe((e) => {
      delta = e.delta;
    });
    doc.transact(() => change(t));
    return delta;
  }

  it('moves the caret along with text inserted or deleted before it, not after it', () => {
    const before = 'The meeting opened.';
    const caret = before.indexOf('opened');
    expect(
      transformIndex(
        caret,
        remoteDelta(before, (t) => t.insert(0, 'Today, ')),
      ),
    ).toBe(caret + 7);
    expect(
      transformIndex(
        caret,
        remoteDelta(before, (t) => t.insert(before.length, ' At ten.')),
      ),
    ).toBe(caret);
    expect(
      transformIndex(
        caret,
        remoteDelta(before, (t) => t.delete(0, 4)),
      ),
    ).toBe(caret - 4);
    // A deletion around the caret leaves it where the deleted text was.
    expect(
      transformIndex(
        caret,
        remoteDelta(before, (t) => t.delete(caret - 2, 5)),
      ),
    ).toBe(caret - 2);
    // Text inserted exactly at the caret goes after it.
    expect(
      transformIndex(
        caret,
        remoteDelta(before, (t) => t.insert(caret, 'was ')),
      ),
    ).toBe(caret);
  });

  it('keeps the caret on the same character for any remote edit that does not touch it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 2 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.string(),
        (initial, c, at, len, insert) => {
          const caret = 1 + (c % (initial.length - 1));
          const marker = initial[caret];
          // A remote edit entirely before or entirely after the caret's character.
          const start = at % (initial.length + 1);
          const end = Math.min(initial.length, start + (len % 4));
          if (start <= caret && end > caret) return;
          if (start === caret) return;
          const delta = remoteDelta(initial, (t) => {
            t.delete(start, end - start);
            t.insert(start, insert);
          });
          const after = initial.slice(0, start) + insert + initial.slice(end);
          expect(after[transformIndex(caret, delta)]).toBe(marker);
        },
      ),
    );
  });
});
