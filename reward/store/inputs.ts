/**
 * zod schemas for what callers hand to the store's `add*` methods (the write boundary).
 */
import { z } from 'zod';
import { LabelSchema, describeIssues } from '../labels/index.ts';
import { ActionSchema, MetricsSchema } from './action-schema.ts';

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const time = z.number().int().nonnegative().optional();
const id = z.number().int().positive();

export const NewStateSchema = z.strictObject({
  task: z.string().min(1),
  seed: z.number().int(),
  snapshot: z.instanceof(Uint8Array),
  observation: z.instanceof(Uint8Array).nullable().optional(),
  observationRef: z.string().nullable().optional(),
  createdAt: time,
});

export const NewQuerySchema = z
  .strictObject({
    stateId: id,
    candidates: z.array(ActionSchema).min(1),
    expert: z.number().int().nonnegative().nullable().optional(),
    selector: z.string().min(1),
    selectorScore: finite.nullable().optional(),
    createdAt: time,
  })
  .refine((q) => q.expert == null || q.expert < q.candidates.length, {
    message: 'expert index out of range of candidates',
    path: ['expert'],
  });

export const NewOutcomeSchema = z.strictObject({
  queryId: id,
  candidate: z.number().int().nonnegative(),
  metrics: MetricsSchema,
  framesRef: z.string().nullable().optional(),
  return: finite.nullable().optional(),
  teacherScore: finite.nullable().optional(),
  createdAt: time,
});

export const NewLabelSchema = z.strictObject({
  queryId: id,
  label: LabelSchema,
  annotator: z.string().min(1),
  responseMs: finite.nonnegative().nullable().optional(),
  liveModels: z.array(z.string().min(1)).optional(),
  createdAt: time,
  revises: id.nullable().optional(),
});

export const NewModelSchema = z.strictObject({
  id: z.string().min(1).optional(),
  task: z.string().min(1),
  kind: z.string().min(1),
  path: z.string().min(1),
  hash: z.string().min(1),
  metrics: z.record(z.string(), z.json()),
  parent: z.string().min(1).nullable().optional(),
  createdAt: time,
});

/** Parses a method argument; errors read `store.addLabel: field label.winner: ...`. */
export function parseInput<S extends z.ZodType>(where: string, schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(`store.${where}: ${describeIssues(r.error, input)}`);
  return r.data;
}
