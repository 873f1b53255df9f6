/**
 * What a person or a synthetic teacher can say about one query (ARCHITECTURE.md, `Label`).
 * Candidate indices refer to the query's `candidates` array (0-based).
 */
import { z } from 'zod';

const index = z.number().int().nonnegative();

/** Two candidates shown side by side: A = candidate 0, B = candidate 1. `skip` means "no opinion". */
export const PairLabelSchema = z.strictObject({
  kind: z.literal('pair'),
  winner: z.enum(['A', 'B', 'equal', 'skip']),
});

/**
 * DeformPAM elimination ranking: `order` holds the candidates picked best-first; `rest` the ones
 * left when the remainder looked alike. Together they list every candidate exactly once.
 */
export const RankingLabelSchema = z
  .object({ kind: z.literal('ranking'), order: z.array(index), rest: z.array(index) })
  .superRefine((l, ctx) => {
    const seen = new Set<number>();
    for (const [field, list] of [
      ['order', l.order],
      ['rest', l.rest],
    ] as const) {
      list.forEach((c, i) => {
        if (seen.has(c)) {
          ctx.addIssue({ code: 'custom', path: [field, i], message: `candidate ${c} appears twice in order/rest` });
        }
        seen.add(c);
      });
    }
  });

/** Thumbs up / down on the query's single candidate (candidate 0). */
export const BinaryLabelSchema = z.strictObject({ kind: z.literal('binary'), good: z.boolean() });

/** RAPL triplet of whole trajectories: three distinct candidate indices. */
export const TripletLabelSchema = z
  .object({ kind: z.literal('triplet'), best: index, middle: index, worst: index })
  .refine((l) => new Set([l.best, l.middle, l.worst]).size === 3, {
    message: 'best, middle and worst must be three different candidates',
    path: ['best'],
  });

/** RAPL "all three look equally good". */
export const TripletEqualLabelSchema = z.strictObject({ kind: z.literal('triplet-equal') });

/** The `Label` union, discriminated on `kind`. Unknown keys are rejected. */
export const LabelSchema = z.discriminatedUnion('kind', [
  PairLabelSchema,
  RankingLabelSchema,
  BinaryLabelSchema,
  TripletLabelSchema,
  TripletEqualLabelSchema,
]);

export type PairLabel = z.infer<typeof PairLabelSchema>;
export type RankingLabel = z.infer<typeof RankingLabelSchema>;
export type BinaryLabel = z.infer<typeof BinaryLabelSchema>;
export type TripletLabel = z.infer<typeof TripletLabelSchema>;
export type TripletEqualLabel = z.infer<typeof TripletEqualLabelSchema>;
export type Label = z.infer<typeof LabelSchema>;
export type LabelKind = Label['kind'];
export const LABEL_KINDS = [
  'pair',
  'ranking',
  'binary',
  'triplet',
  'triplet-equal',
] as const satisfies readonly LabelKind[];

/** Number of candidates a label of each kind needs (ranking: any number ≥ 1). */
export function candidateCountFor(kind: LabelKind): number | 'any' {
  switch (kind) {
    case 'pair':
      return 2;
    case 'binary':
      return 1;
    case 'triplet':
    case 'triplet-equal':
      return 3;
    case 'ranking':
      return 'any';
  }
}
