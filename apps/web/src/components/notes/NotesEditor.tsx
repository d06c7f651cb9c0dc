import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { bindTextarea } from './text-binding.js';

/** A textarea showing one item's notes, bound to its Y.Text (read-only for the chair). */
export function NotesEditor({
  text,
  readOnly,
  label,
  placeholder,
}: {
  text: Y.Text;
  readOnly: boolean;
  label: string;
  placeholder: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return bindTextarea(el, text);
  }, [text]);
  return (
    <textarea
      ref={ref}
      className="notes-editor"
      data-testid="notes-editor"
      aria-label={label}
      placeholder={placeholder}
      readOnly={readOnly}
      rows={10}
      spellCheck
    />
  );
}
