/** The viewer's theme: 'system' follows prefers-color-scheme; a manual choice is remembered per browser. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_STORAGE_KEY = 'rostrum.theme';

export function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return THEMES.find((t) => t === value) ?? 'system';
  } catch {
    return 'system'; // storage refused (private mode): follow the system
  }
}

/** Sets html[data-theme] (the stylesheet reads it); no attribute means "follow the system". */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
}

export function saveTheme(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // not remembered, still applied for this page
  }
  applyTheme(theme);
}
