/**
 * The label browser (key h): the annotator's past labels of the task, newest first, each with a
 * "replay & relabel" button. Relabelling shows the query again; the new label is a revision of
 * the old one (the store keeps both). Queries labelled before this server started have no frames
 * on the server and are listed without the button.
 */
import type { Label } from '../../../reward/labels/label-schema.ts';
import type { PastLabel } from '../../protocol/index.ts';
import { byId, el } from './dom.ts';

/** A label in words, as the annotator gave it. */
export function describeLabel(l: Label): string {
  switch (l.kind) {
    case 'pair':
      return l.winner === 'equal' ? 'equally good' : l.winner === 'skip' ? 'skipped' : `${l.winner} better`;
    case 'ranking':
      return (
        l.order.map((c) => c + 1).join(' > ') +
        (l.rest.length ? `, then ${l.rest.map((c) => c + 1).join(' ≈ ')} alike` : '')
      );
    case 'triplet':
      return `best ${l.best + 1}, middle ${l.middle + 1}, worst ${l.worst + 1}`;
    case 'triplet-equal':
      return 'all three alike';
    case 'binary':
      return l.good ? 'good' : 'bad';
  }
}

export class LabelBrowser {
  readonly #box = byId('history');
  readonly #body = byId('history-rows');

  constructor(
    private readonly list: () => void,
    private readonly review: (labelId: number) => void,
  ) {
    byId('history-close').onclick = () => this.hide();
  }

  get shown(): boolean {
    return !this.#box.hidden;
  }

  toggle(): void {
    if (this.shown) this.hide();
    else this.show();
  }

  show(): void {
    this.#box.hidden = false;
    this.#body.replaceChildren(el('tr', {}, el('td', { colspan: '4', text: 'Loading…' })));
    this.list();
  }

  hide(): void {
    this.#box.hidden = true;
  }

  render(items: PastLabel[]): void {
    if (items.length === 0) {
      this.#body.replaceChildren(el('tr', {}, el('td', { colspan: '4', text: 'No labels yet.' })));
      return;
    }
    this.#body.replaceChildren(
      ...items.map((it) => {
        const button = el('button', { text: 'replay & relabel', 'data-label-id': String(it.labelId) });
        if (it.replayable)
          button.onclick = () => {
            this.hide();
            this.review(it.labelId);
          };
        else {
          button.setAttribute('disabled', '');
          button.title = 'labelled before this server started: its replay is not held';
        }
        const when = new Date(it.createdAt).toLocaleTimeString([], {
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        });
        return el(
          'tr',
          { 'data-label-id': String(it.labelId) },
          el('td', { text: when }),
          el('td', { text: `query ${it.queryId}` }),
          el('td', { text: describeLabel(it.label) + (it.revises === null ? '' : ' (relabelled)') }),
          el('td', {}, button),
        );
      }),
    );
  }
}
