import { createRoot } from 'react-dom/client';

/** Stub (issue 18 in progress): the console's shell replaces this. */
function App() {
  return <main>soloops console</main>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
