import { render } from 'preact';
import { App } from './app.tsx';
import { loadConfig } from './session.ts';
import './styles.css';

const root = document.getElementById('app')!;
loadConfig()
  .then((config) => {
    root.textContent = '';
    render(<App config={config} />, root);
  })
  .catch((e: unknown) => {
    root.textContent = `无法加载配置 / Cannot load the configuration: ${e instanceof Error ? e.message : String(e)}`;
  });
