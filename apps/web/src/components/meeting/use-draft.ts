import { useState } from 'react';

/**
 * A form over a part of the live record: it shows the record until the person changes a field,
 * then their draft until it is saved or cancelled. A change made meanwhile on another desk shows
 * at once in a form nobody is typing in, and never replaces what someone is typing.
 */
export function useDraft<T>(record: T) {
  const [draft, setDraft] = useState<T | null>(null);
  return {
    value: draft ?? record,
    editing: draft !== null,
    change: (next: T) => setDraft(next),
    reset: () => setDraft(null),
  };
}
