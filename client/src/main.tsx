import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

// zod compiles its parsers with new Function() unless told not to; under the page's
// `script-src 'self'` that is refused, and Firefox reports every refusal (RECIPES.md).
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
