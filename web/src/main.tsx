import { render } from 'preact';
import { App } from './app.tsx';
import { loadLanguage, savedLang } from './i18n.ts';
import { loadConfig } from './session.ts';
import './styles.css';

const root = document.getElementById('app')!;
// The saved language's words (English is fetched; Chinese comes with the page) and the config, together.
Promise.all([loadConfig(), loadLanguage(savedLang())])
  .then(([config]) => {
    root.textContent = '';
    render(<App config={config} />, root);
  })
  .catch((e: unknown) => {
    root.textContent = `无法加载配置 / Cannot load the configuration: ${e instanceof Error ? e.message : String(e)}`;
  });
