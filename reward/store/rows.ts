/**
 * Row schemas: every row read back from SQLite is parsed here, so a bad row fails with an
 * error naming the table, the row id and the field instead of flowing downstream.
 */
import { z } from 'zod';
import { describeIssues, LabelSchema } from '../labels/index.ts';
import { ActionSchema, MetricsSchema } from './action-schema.ts';
import type { ModelRecord, OutcomeRecord, QueryRecord, StateRecord } from './records.ts';
import type { Label } from '../labels/index.ts';
import { StoreError } from './store-error.ts';

const int = z.number().int();
const blob = z.instanceof(Uint8Array).transform((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
const finiteOrNull = z.number().refine(Number.isFinite, { message: 'expected a finite number' }).nullable();

/** A TEXT column holding JSON, parsed and then checked with `inner`. */
export function jsonColumn<T extends z.ZodType>(inner: T) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected JSON text' });
        return z.NEVER;
      }
    })
    .pipe(inner);
}

export const StateRow = z
  .object({
    id: int,
    task: z.string().min(1),
    seed: int,
    snapshot: blob,
    observation: blob.nullable(),
    observation_ref: z.string().nullable(),
    created_at: int,
  })
  .transform(
    (r): StateRecord => ({
      id: r.id,
      task: r.task,
      seed: r.seed,
      snapshot: r.snapshot,
      observation: r.observation,
      observationRef: r.observation_ref,
      createdAt: r.created_at,
    }),
  );

export const QueryRow = z
  .object({
    id: int,
    state_id: int,
    candidates: jsonColumn(z.array(ActionSchema).min(1)),
    expert: int.nonnegative().nullable(),
    selector: z.string().min(1),
    selector_score: finiteOrNull,
    created_at: int,
  })
  .refine((r) => r.expert === null || r.expert < r.candidates.length, {
    message: 'expert index out of range of candidates',
    path: ['expert'],
  })
  .transform(
    (r): QueryRecord => ({
      id: r.id,
      stateId: r.state_id,
      candidates: r.candidates,
      expert: r.expert,
      selector: r.selector,
      selectorScore: r.selector_score,
      createdAt: r.created_at,
    }),
  );

export const OutcomeRow = z
  .object({
    id: int,
    query_id: int,
    candidate: int.nonnegative(),
    metrics: jsonColumn(MetricsSchema),
    frames_ref: z.string().nullable(),
    return: finiteOrNull,
    teacher_score: finiteOrNull,
    created_at: int,
  })
  .transform(
    (r): OutcomeRecord => ({
      id: r.id,
      queryId: r.query_id,
      candidate: r.candidate,
      metrics: r.metrics,
      framesRef: r.frames_ref,
      return: r.return,
      teacherScore: r.teacher_score,
      createdAt: r.created_at,
    }),
  );

/** A labels row without its live models (they come from label_models). */
export const LabelRow = z
  .object({
    id: int,
    query_id: int,
    kind: z.string(),
    payload: jsonColumn(LabelSchema),
    annotator: z.string().min(1),
    response_ms: finiteOrNull,
    created_at: int,
  })
  .refine((r) => r.kind === r.payload.kind, {
    message: 'kind column does not match payload.kind',
    path: ['kind'],
  })
  .transform((r) => ({
    id: r.id,
    queryId: r.query_id,
    label: r.payload as Label,
    annotator: r.annotator,
    responseMs: r.response_ms,
    createdAt: r.created_at,
  }));

export const ModelRow = z
  .object({
    id: z.string().min(1),
    task: z.string().min(1),
    kind: z.string().min(1),
    path: z.string().min(1),
    hash: z.string().min(1),
    metrics: jsonColumn(z.record(z.string(), z.json())),
    created_at: int,
    parent: z.string().nullable(),
  })
  .transform(
    (r): ModelRecord => ({
      id: r.id,
      task: r.task,
      kind: r.kind,
      path: r.path,
      hash: r.hash,
      metrics: r.metrics,
      createdAt: r.created_at,
      parent: r.parent,
    }),
  );

export const RunRow = z.object({ key: z.string(), value: jsonColumn(z.json()), updated_at: int });

/** Parses one raw row; on failure throws a `StoreError` naming table, row id and field. */
export function parseRow<S extends z.ZodType>(table: string, schema: S, row: unknown): z.output<S> {
  const r = schema.safeParse(row);
  if (r.success) return r.data;
  const raw = row as Record<string, unknown> | undefined;
  const id = (raw?.id ?? raw?.key) as number | string | undefined;
  const first = r.error.issues[0];
  throw new StoreError(
    `store: bad row in ${table} id=${String(id)}: ${describeIssues(r.error, row)}`,
    table,
    id,
    first?.path.length ? String(first.path[0]) : undefined,
  );
}
