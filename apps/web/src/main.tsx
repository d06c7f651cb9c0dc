import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n.js';
import './styles.css';
import { App } from './App.js';
import { applyTheme, storedTheme } from './theme.js';
import { listenForPreloadErrors } from './chunk-recovery.js';
import { ChunkErrorBoundary } from './components/ChunkErrorBoundary.js';

// A chunk of this build missing on the server (a rolling upgrade): reload once (chunk-recovery.ts).
listenForPreloadErrors();

// Before the first paint: no flash of the other theme.
applyTheme(storedTheme());

const root = document.getElementById('root');
// Rendered once the interface language is loaded: never a first paint in English for a Russian reader.
// A locale that fails to load leaves English (the fallback), still rendered.
if (root) {
  const render = () =>
    createRoot(root).render(
      <StrictMode>
        <ChunkErrorBoundary>
          <App />
        </ChunkErrorBoundary>
      </StrictMode>,
    );
  i18nReady.then(render, render);
}
