import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { Lang } from '@rostrum/core';
import { bindTextarea } from './text-binding.js';

/**
 * A textarea showing one item's notes in one language, bound to its Y.Text (read-only for the
 * chair). `lang` and `dir` are the notes' language, not the interface's: spell checking and
 * the writing direction follow what is written.
 */
export function NotesEditor({
  text,
  lang,
  dir,
  readOnly,
  label,
  placeholder,
}: {
  text: Y.Text;
  lang: Lang;
  dir: 'ltr' | 'rtl';
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
      lang={lang}
      dir={dir}
      aria-label={label}
      placeholder={placeholder}
      readOnly={readOnly}
      rows={10}
      spellCheck
    />
  );
}
