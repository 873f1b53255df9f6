/**
 * An annotation flow: builds its panels for a query, turns keys and clicks into a Label, and
 * marks its panels. The app owns the connection, clock, stage and global keys.
 */
import type { Label } from '../../../reward/labels/label-schema.ts';
import type { MessageOf } from '../../protocol/index.ts';
import { CANDIDATE_COLORS, makeActionArrow } from '../objects/action-arrow.ts';
import { SceneView } from '../objects/scene-view.ts';
import type { Stage } from '../stage.ts';
import { el } from '../ui/dom.ts';

export type Query = MessageOf<'query'>;

export interface FlowHost {
  stage: Stage;
  /** Container of the panels' DOM elements. */
  root: HTMLElement;
  submit(label: Label): void;
  undo(): void;
}

/** What the render loop draws in each panel: a candidate's rollout, or the start state (-1). */
export interface PanelSource {
  view: SceneView;
  candidate: number;
}

export interface AnnotationFlow {
  /** Display names of the candidates, in order (for the model's verdict). */
  names: string[];
  sources: PanelSource[];
  /** Handles a flow key; true when it was one. */
  key(e: KeyboardEvent): boolean;
  /** Help lines for the `?` overlay: [keys, what]. */
  help: [string, string][];
  /** One line under the header saying what to do in this flow. */
  instruction: string;
}

/** A panel showing candidate `c` (or the start state when c = -1) with its action arrow(s). */
export function candidatePanel(
  host: FlowHost,
  q: Query,
  c: number,
  title: string,
  opts: { arrows?: number[]; className?: string; tags?: boolean } = {},
): { element: HTMLElement; badge: HTMLElement; view: SceneView } {
  const badge = el('span', { class: 'badge' });
  const element = el(
    'div',
    { class: `panel ${opts.className ?? ''}`, 'data-candidate': String(c) },
    el('div', { class: 'panel-title' }, el('span', { text: title }), badge),
  );
  host.root.append(element);
  const view = new SceneView(q.scene, q.candidates[0].primitive);
  for (const a of opts.arrows ?? (c >= 0 ? [c] : [])) {
    view.add(
      makeActionArrow(
        q.candidates[a],
        q.scene,
        CANDIDATE_COLORS[a % CANDIDATE_COLORS.length],
        opts.tags ? String(a + 1) : null,
      ),
    );
  }
  host.stage.add(element, view);
  return { element, badge, view };
}
