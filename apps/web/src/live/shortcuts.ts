import { useEffect } from 'react';

/** The chair's single-key shortcuts, in the order the help overlay lists them. */
export const CHAIR_SHORTCUTS = [
  { key: 'N', action: 'nextItem' },
  { key: 'P', action: 'previousItem' },
  { key: 'S', action: 'nextSpeaker' },
  { key: 'E', action: 'endSpeech' },
  { key: 'X', action: 'extend' },
  { key: 'O', action: 'openPoll' },
  { key: 'V', action: 'closePoll' },
  { key: 'D', action: 'recordDecision' },
  { key: 'R', action: 'readBack' },
  { key: '?', action: 'help' },
] as const;

function typingInto(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * One key press = one click on the visible button marked `data-shortcut` with that key. The
 * shortcut thus does exactly what the button does (confirmation included), and only when the
 * button is on screen and enabled: no second code path that could drift from the UI.
 * `extra` handles keys that have no button (the help overlay).
 */
export function useButtonShortcuts(extra: Record<string, () => void> = {}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typingInto(e.target)) return;
      if (document.querySelector('dialog[open]')) return; // a dialog has the keyboard
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const handler = extra[key];
      if (handler) {
        e.preventDefault();
        handler();
        return;
      }
      if (!/^[a-z]$/.test(key)) return;
      const button = document.querySelector<HTMLButtonElement>(`button[data-shortcut="${key}"]:not(:disabled)`);
      if (!button) return;
      e.preventDefault();
      button.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [extra]);
}
