import * as Y from 'yjs';

/**
 * A plain <textarea> bound to a Y.Text. Local edits become the smallest Y.Text delete+insert
 * (so that concurrent edits of colleagues merge by position); remote edits are applied to the
 * textarea with the caret moved along by the change, as a collaborative editor must. Kept
 * free of React: the component only mounts and unmounts the binding.
 */

/** The one edit that turns `before` into `after`: delete `remove` chars at `index`, insert `insert`. */
export type TextEdit = { index: number; remove: number; insert: string };

/**
 * The edit a user made in a textarea. `caret` (the caret after the edit) settles ambiguous
 * cases: typing "a" after the first "a" of "aa" is an insert at 1, not at 2.
 */
export function diffText(before: string, after: string, caret: number): TextEdit {
  const grew = after.length - before.length;
  // The inserted text ends at the caret, so the common start cannot reach past caret - grew.
  const maxPrefix = Math.max(0, Math.min(before.length, after.length, grew > 0 ? caret - grew : caret));
  let prefix = 0;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

type Delta = ReadonlyArray<{ insert?: unknown; delete?: number; retain?: number }>;

/**
 * Where a position in the text ends up after a remote change (a Y.Text delta), as in Quill's
 * `transformPosition`. Text inserted exactly at the position stays after it when `keep` (the
 * caret keeps its place; the colleague's text appears after it), else pushes it along.
 */
export function transformIndex(index: number, delta: Delta, keep = true): number {
  let offset = 0;
  let at = index;
  // Set when a deletion just before the position pulled it back to `offset`: text inserted
  // there replaces what stood before it, so it goes before the position whatever `keep` says.
  let pulledBack = false;
  for (const op of delta) {
    if (offset > at) break;
    if (op.delete !== undefined) {
      if (at > offset) {
        at -= Math.min(op.delete, at - offset);
        pulledBack = at === offset;
      }
      continue;
    }
    const length = op.retain ?? (typeof op.insert === 'string' ? op.insert.length : 1);
    if (op.insert !== undefined && (offset < at || !keep || (pulledBack && offset === at))) at += length;
    else if (op.retain !== undefined) pulledBack = false;
    offset += length;
  }
  return at;
}

/** Origin of this binding's own transactions, so it does not apply its own edits back. */
const LOCAL = Symbol('textarea');

export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text): () => void {
  let composing = false;
  let stale = false;
  textarea.value = text.toString();

  const onInput = () => {
    const before = text.toString();
    const after = textarea.value;
    if (before === after) return;
    const edit = diffText(before, after, textarea.selectionEnd);
    const doc = text.doc;
    const apply = () => {
      if (edit.remove > 0) text.delete(edit.index, edit.remove);
      if (edit.insert !== '') text.insert(edit.index, edit.insert);
    };
    if (doc) doc.transact(apply, LOCAL);
    else apply();
  };

  const onRemote = (event: Y.YTextEvent, tr: Y.Transaction) => {
    if (tr.origin === LOCAL) return;
    // Rewriting the value during an IME composition would break it: catch up once it ends.
    if (composing) {
      stale = true;
      return;
    }
    const focused = document.activeElement === textarea;
    const { selectionStart, selectionEnd, selectionDirection } = textarea;
    const scroll = textarea.scrollTop;
    const delta = event.delta as Delta;
    textarea.value = text.toString();
    if (focused) {
      textarea.setSelectionRange(
        transformIndex(selectionStart, delta),
        transformIndex(selectionEnd, delta),
        selectionDirection,
      );
    }
    textarea.scrollTop = scroll;
  };

  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    onInput();
    if (stale) {
      stale = false;
      const caret = textarea.selectionEnd;
      textarea.value = text.toString();
      textarea.setSelectionRange(Math.min(caret, textarea.value.length), Math.min(caret, textarea.value.length));
    }
  };

  textarea.addEventListener('input', onInput);
  textarea.addEventListener('compositionstart', onCompositionStart);
  textarea.addEventListener('compositionend', onCompositionEnd);
  text.observe(onRemote);
  return () => {
    textarea.removeEventListener('input', onInput);
    textarea.removeEventListener('compositionstart', onCompositionStart);
    textarea.removeEventListener('compositionend', onCompositionEnd);
    text.unobserve(onRemote);
  };
}
