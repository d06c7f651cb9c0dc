import { useState } from 'react';

/**
 * A form over a part of the live record: it shows the record until the person changes a field,
 * then their draft until it is saved or cancelled. A change made meanwhile on another desk shows
 * at once in a form nobody is typing in, and never replaces what someone is typing. When the
 * record changes under a draft, `changedMeanwhile` says so: the form warns before the person's
 * save replaces the other desk's change (DraftActions), so nothing is overwritten silently.
 */
export function useDraft<T>(record: T) {
  const [state, setState] = useState<{ draft: T; base: string } | null>(null);
  return {
    value: state ? state.draft : record,
    editing: state !== null,
    changedMeanwhile: state !== null && state.base !== JSON.stringify(record),
    // The record as it was when the person started typing: what their draft was made from.
    change: (next: T) => setState((s) => ({ draft: next, base: s ? s.base : JSON.stringify(record) })),
    reset: () => setState(null),
  };
}

export type Draft<T> = ReturnType<typeof useDraft<T>>;
