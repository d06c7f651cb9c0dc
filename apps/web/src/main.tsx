import './zod-config.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.js';
import './styles.css';
import { App } from './App.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
