/** Viewer entry: a name and a flow (from the URL or the start form), then the annotation app. */
import { FLOWS, type Flow } from '../protocol/index.ts';
import { App } from './app.ts';
import { EpisodeViewer } from './episode-viewer.ts';
import { byId } from './ui/dom.ts';

const params = new URLSearchParams(location.search);
const form = byId<HTMLFormElement>('start');
const nameInput = byId<HTMLInputElement>('annotator');
nameInput.value = params.get('annotator') ?? localStorage.getItem('prefsim.annotator') ?? '';

function start(annotator: string, flow: Flow): void {
  localStorage.setItem('prefsim.annotator', annotator);
  byId('start-screen').hidden = true;
  const app = new App(annotator, flow);
  // The benchmark and the end-to-end tests read the stage's render count and the clock through this.
  (window as unknown as { prefsimApp: App }).prefsimApp = app;
  app.connect(params.get('token') ?? undefined).catch((e: Error) => {
    byId('toast').textContent = e.message;
    byId('toast').className = 'show error';
  });
}

const flowParam = params.get('flow');
if (params.get('view') === 'episode') {
  // `prefsim view FILE`: a recorded episode, no annotator and no connection.
  byId('start-screen').hidden = true;
  const viewer = new EpisodeViewer();
  (window as unknown as { prefsimApp: EpisodeViewer }).prefsimApp = viewer;
  viewer.open().catch((e: Error) => {
    byId('toast').textContent = e.message;
    byId('toast').className = 'show error';
  });
} else if (params.get('annotator') && flowParam && (FLOWS as readonly string[]).includes(flowParam)) {
  start(params.get('annotator')!, flowParam as Flow);
} else {
  showTask();
  form.onsubmit = (e) => {
    e.preventDefault();
    const flow = (e.submitter as HTMLButtonElement | null)?.value ?? 'pair';
    const name = nameInput.value.trim();
    if (!/^[\w .@-]{1,64}$/.test(name)) {
      nameInput.setCustomValidity('letters, digits, space, _ . @ - only');
      nameInput.reportValidity();
      return;
    }
    start(name, flow as Flow);
  };
  nameInput.oninput = () => nameInput.setCustomValidity('');
}

/** The start screen says which task this is and what "better" means for it (TaskSpec.better). */
function showTask(): void {
  fetch(`healthz${location.search}`)
    .then((r) => (r.ok ? (r.json() as Promise<{ title?: string; better?: string }>) : null))
    .then((h) => {
      if (h?.title && h.better) byId('start-task').textContent = `${h.title}. ${h.better}`;
    })
    .catch(() => {}); // the form works without it
}
