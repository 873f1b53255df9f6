/**
 * The JSONL export format: one JSON object per line, `type` first. Line 1 is the header; then
 * models (parents first), states, queries, outcomes, labels (with their live models), runs.
 * Blobs are base64. Field names are the camelCase record fields of records.ts. Labels carry their
 * revision history: `revises` and `retractedAt` (an undone label is exported as retracted, not as current).
 */
import { z } from 'zod';
import { LabelSchema } from '../labels/index.ts';
import { ActionSchema, MetricsSchema } from './action-schema.ts';

export const JSONL_FORMAT = 'prefsim-store';

const int = z.number().int();
const id = int.positive();
const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'expected base64 text' });

export const JsonlLineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), format: z.literal(JSONL_FORMAT), schemaVersion: int.positive() }),
  z.strictObject({
    type: z.literal('model'),
    id: z.string().min(1),
    task: z.string().min(1),
    kind: z.string().min(1),
    path: z.string().min(1),
    hash: z.string().min(1),
    metrics: z.record(z.string(), z.json()),
    createdAt: int,
    parent: z.string().min(1).nullable(),
  }),
  z.strictObject({
    type: z.literal('state'),
    id,
    task: z.string().min(1),
    seed: int,
    snapshot: base64,
    observation: base64.nullable(),
    observationRef: z.string().nullable(),
    createdAt: int,
  }),
  z.strictObject({
    type: z.literal('query'),
    id,
    stateId: id,
    candidates: z.array(ActionSchema).min(1),
    expert: int.nonnegative().nullable(),
    selector: z.string().min(1),
    selectorScore: finite.nullable(),
    createdAt: int,
  }),
  z.strictObject({
    type: z.literal('outcome'),
    id,
    queryId: id,
    candidate: int.nonnegative(),
    metrics: MetricsSchema,
    framesRef: z.string().nullable(),
    return: finite.nullable(),
    /** Absent in files written before schema 2. */
    teacherScore: finite.nullable().default(null),
    createdAt: int,
  }),
  z.strictObject({
    type: z.literal('label'),
    id,
    queryId: id,
    label: LabelSchema,
    annotator: z.string().min(1),
    responseMs: finite.nullable(),
    createdAt: int,
    liveModels: z.array(z.string().min(1)),
    /** The retracted label this one replaces (a relabel after an undo); absent in files before issue 17. */
    revises: id.nullable().default(null),
    /** When the label was undone (ms since epoch), null while current; absent in files before issue 17. */
    retractedAt: int.nullable().default(null),
  }),
  z.strictObject({ type: z.literal('run'), key: z.string(), value: z.json(), updatedAt: int }),
]);

export type JsonlLine = z.infer<typeof JsonlLineSchema>;

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
