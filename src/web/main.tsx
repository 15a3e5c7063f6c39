/** The console's entry point (dist/console/index.html loads it): styles, then the app in #root. */
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
