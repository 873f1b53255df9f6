/**
 * The last line of a JSONL export: row counts by type and the sha256 of every byte before it.
 * An import that does not end in a trailer matching its lines was cut short (or edited) and is
 * refused, so a file cut at a line boundary can no longer import as a success.
 */
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import type { JsonlLine } from './jsonl-schema.ts';

export type RowType = Exclude<JsonlLine['type'], 'header'>;
export type RowCounts = Record<RowType, number>;

export const ROW_TYPES: readonly RowType[] = ['model', 'state', 'query', 'outcome', 'label', 'run'];

export interface Trailer {
  type: 'trailer';
  /** Lines of each type before the trailer. */
  counts: RowCounts;
  /** Hex sha256 of the file's bytes before the trailer line (every line with its '\n'). */
  sha256: string;
}

export const emptyCounts = (): RowCounts => ({ model: 0, state: 0, query: 0, outcome: 0, label: 0, run: 0 });

/** Running hash and counts over the lines before the trailer. */
export class TrailerBuilder {
  readonly counts = emptyCounts();
  #hash: Hash = createHash('sha256');

  /** Adds one line (without its newline); `type` is its record type, if it is a row. */
  add(line: string, type?: string): void {
    this.#hash.update(line).update('\n');
    if (type !== undefined && type in this.counts) this.counts[type as RowType]++;
  }

  /** The trailer for the lines added so far (call once). */
  finish(): Trailer {
    return { type: 'trailer', counts: { ...this.counts }, sha256: this.#hash.digest('hex') };
  }
}

/** `lines` (header and rows, any old trailer dropped) followed by a fresh trailer. */
export function sealJsonl(lines: Iterable<string>): string[] {
  const b = new TrailerBuilder();
  const out: string[] = [];
  for (const l of lines) {
    const type = (JSON.parse(l) as { type?: string }).type;
    if (type === 'trailer') continue;
    b.add(l, type);
    out.push(l);
  }
  return [...out, JSON.stringify(b.finish())];
}

const count = z.number().int().nonnegative();

export const TrailerSchema = z.strictObject({
  type: z.literal('trailer'),
  counts: z.strictObject({ model: count, state: count, query: count, outcome: count, label: count, run: count }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected 64 lowercase hex digits' }),
});
