/**
 * Ranking by elimination (DeformPAM): the K = 8 candidates as numbered arrows on the current point
 * cloud, each with a preview of its outcome. Number keys or clicks pick the best remaining; `r`
 * ("rest are alike") ends it, as does picking all but one. Backspace unpicks.
 */
import { CANDIDATE_COLORS } from '../objects/action-arrow.ts';
import { makePointCloud } from '../objects/scene-view.ts';
import { el } from '../ui/dom.ts';
import type { AnnotationFlow, FlowHost, Query } from './flow.ts';
import { candidatePanel } from './flow.ts';

export function makeRankingFlow(host: FlowHost, q: Query, startParticles: Float32Array | null): AnnotationFlow {
  const k = q.candidates.length;
  const all = Array.from({ length: k }, (_, i) => i);
  const main = candidatePanel(host, q, -1, 'current state: candidate actions', {
    arrows: all,
    className: 'main',
    tags: true,
  });
  if (startParticles) main.view.add(makePointCloud(startParticles));
  const grid = el('div', { class: 'previews' });
  host.root.append(grid);
  const previews = all.map((c) => {
    const p = candidatePanel({ ...host, root: grid }, q, c, `${c + 1}`, { className: 'preview' });
    (p.element.firstElementChild as HTMLElement).style.borderColor =
      `#${CANDIDATE_COLORS[c % CANDIDATE_COLORS.length].toString(16).padStart(6, '0')}`;
    return p;
  });
  const rest = el('button', { class: 'rest', text: 'rest are alike (r)' });
  main.element.append(rest);
  const order: number[] = [];
  const redraw = () =>
    previews.forEach((p, c) => {
      const i = order.indexOf(c);
      p.badge.textContent = i < 0 ? '' : `#${i + 1}`;
      p.badge.className = i < 0 ? 'badge' : 'badge mark-best';
      p.element.classList.toggle('picked', i >= 0);
    });
  const finish = () => host.submit({ kind: 'ranking', order: [...order], rest: all.filter((c) => !order.includes(c)) });
  const pick = (c: number) => {
    if (c >= k || order.includes(c)) return;
    order.push(c);
    redraw();
    if (order.length >= k - 1) finish();
  };
  previews.forEach((p, c) => {
    p.element.onclick = () => pick(c);
  });
  rest.onclick = (e) => {
    e.stopPropagation();
    finish();
  };
  return {
    names: all.map((c) => String(c + 1)),
    sources: [{ view: main.view, candidate: -1 }, ...previews.map((p, c) => ({ view: p.view, candidate: c }))],
    instruction:
      'Press the best remaining outcome (1–8 or click), again and again · ' +
      'r when the rest look alike · Backspace unpicks',
    help: [
      ['1–8 / click', 'best of the remaining candidates'],
      ['r', 'the rest are alike: send the ranking'],
      ['Backspace', 'unpick the last choice'],
    ],
    key(e) {
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= k) {
        pick(n - 1);
        return true;
      }
      if (e.key === 'r' || e.key === 'Enter') {
        finish();
        return true;
      }
      if (e.key === 'Backspace') {
        order.pop();
        redraw();
        return true;
      }
      return false;
    },
  };
}
