/**
 * Triplet flow (RAPL): three trajectories; press 1–3 (or click) for the best, then the middle;
 * the one left is the worst and the label is sent. `=` says all three are equal; Backspace unpicks.
 */
import type { AnnotationFlow, FlowHost, Query } from './flow.ts';
import { candidatePanel } from './flow.ts';

const MARKS = ['best', 'middle', 'worst'];

export function makeTripletFlow(host: FlowHost, q: Query): AnnotationFlow {
  const panels = [0, 1, 2].map((c) => candidatePanel(host, q, c, `${c + 1}`));
  const picks: number[] = [];
  const redraw = () =>
    panels.forEach((p, c) => {
      const i = picks.indexOf(c);
      p.badge.textContent = i < 0 ? '' : MARKS[i];
      p.badge.className = i < 0 ? 'badge' : `badge mark-${MARKS[i]}`;
    });
  const pick = (c: number) => {
    if (picks.includes(c)) return;
    picks.push(c);
    if (picks.length === 2) {
      picks.push([0, 1, 2].find((x) => !picks.includes(x))!);
      redraw();
      host.submit({ kind: 'triplet', best: picks[0], middle: picks[1], worst: picks[2] });
      return;
    }
    redraw();
  };
  panels.forEach((p, c) => {
    p.element.onclick = () => pick(c);
  });
  return {
    names: ['1', '2', '3'],
    sources: panels.map((p, c) => ({ view: p.view, candidate: c })),
    instruction:
      'Press the best outcome (1–3 or click), then the middle one; the last is the worst · = all three equal',
    help: [
      ['1 2 3 / click', 'best, then middle (the last is worst)'],
      ['=', 'all three equal'],
      ['Backspace', 'unpick the last choice'],
    ],
    key(e) {
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= 3) {
        pick(n - 1);
        return true;
      }
      if (e.key === '=') {
        host.submit({ kind: 'triplet-equal' });
        return true;
      }
      if (e.key === 'Backspace') {
        picks.pop();
        redraw();
        return true;
      }
      return false;
    },
  };
}
