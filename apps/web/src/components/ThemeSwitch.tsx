import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveTheme, storedTheme, THEMES, type Theme } from '../theme.js';

/** Auto (the system's), light or dark; remembered in this browser. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <label className="theme-switch">
      {t('theme.label')}
      <select
        data-testid="theme"
        value={theme}
        onChange={(e) => {
          const next = THEMES.find((x) => x === e.target.value) ?? 'system';
          setTheme(next);
          saveTheme(next);
        }}
      >
        {THEMES.map((x) => (
          <option key={x} value={x}>
            {t(`theme.${x}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
