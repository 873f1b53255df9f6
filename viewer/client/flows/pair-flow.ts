/** Pairwise flow: A and B side by side on one clock; ← A, → B, = equal, space skip. */
import type { AnnotationFlow, FlowHost, Query } from './flow.ts';
import { candidatePanel } from './flow.ts';

export function makePairFlow(host: FlowHost, q: Query): AnnotationFlow {
  const a = candidatePanel(host, q, 0, 'A  (← prefer)');
  const b = candidatePanel(host, q, 1, 'B  (→ prefer)');
  a.element.onclick = (e) => {
    if (e.detail === 2) host.submit({ kind: 'pair', winner: 'A' });
  };
  b.element.onclick = (e) => {
    if (e.detail === 2) host.submit({ kind: 'pair', winner: 'B' });
  };
  return {
    names: ['A', 'B'],
    sources: [
      { view: a.view, candidate: 0 },
      { view: b.view, candidate: 1 },
    ],
    instruction: 'Which outcome is better?  ← A is better · → B is better · = equally good · space: cannot tell',
    help: [
      ['←', 'left (A) is better'],
      ['→', 'right (B) is better'],
      ['=', 'equally good'],
      ['space', 'skip: cannot tell'],
      ['double-click', 'pick that panel'],
    ],
    key(e) {
      const winner =
        e.key === 'ArrowLeft'
          ? 'A'
          : e.key === 'ArrowRight'
            ? 'B'
            : e.key === '='
              ? 'equal'
              : e.key === ' '
                ? 'skip'
                : null;
      if (!winner) return false;
      host.submit({ kind: 'pair', winner });
      return true;
    },
  };
}
