/**
 * Every JSON control message of the viewer protocol, both directions, as ONE zod discriminated
 * union on `type`. Each carries `v` (PROTOCOL_VERSION). Which side may send which type is listed
 * in CLIENT_TYPES / SERVER_TYPES; the server refuses server-only types from a client.
 */
import { z } from 'zod';
import { LabelSchema } from '../../reward/labels/index.ts';
// The action schema file alone: reward/store/index.ts would pull SQLite into the browser bundle.
import { ActionSchema } from '../../reward/store/action-schema.ts';
import { FlowSchema } from './flows.ts';
import { SceneInfoSchema } from './scene-info.ts';
import { PROTOCOL_VERSION } from './version.ts';

const v = z.literal(PROTOCOL_VERSION);
const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const queryId = z.number().int().positive();

/** Running agreement of the live model's argmax with this annotator's choices. */
export const AgreementSchema = z.strictObject({
  agree: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

/** The live model's view of a query: a score and its ensemble spread per candidate. */
export const PredictionSchema = z.strictObject({
  modelId: z.string(),
  scores: z.array(num),
  std: z.array(num),
  /** Pair only: P(A ≻ B) under the ensemble mean, and its spread across members. */
  pA: num.nullable(),
  pStd: num.nullable(),
});

export const ProgressSchema = z.strictObject({
  labels: z.number().int().nonnegative(),
  perMinute: num,
  /** The live model's held-out labelAccuracy (agreement with the annotators' labels), or null. */
  labelAccuracy: num.nullable(),
  /** Held-out pairs behind `labelAccuracy` (null when the registry row does not say). */
  labelPairs: z.number().int().nonnegative().nullable(),
  modelId: z.string().nullable(),
  agreement: AgreementSchema,
});

/** What the page shows on request about each outcome's end state. */
export const EndFiguresSchema = z.strictObject({
  /** [K] the task metrics after each candidate. */
  metrics: z.array(z.record(z.string(), num)),
  /** The metric the task reward and the synthetic teachers read (higher is better). */
  rewardMetric: z.string(),
  /** The task's success rule in words, e.g. "coverage ≥ 0.85". */
  success: z.string(),
});

/** One of the annotator's past labels, as the label browser lists it (newest first). */
export const PastLabelSchema = z.strictObject({
  labelId: z.number().int().positive(),
  /** Store query id. */
  queryId: z.number().int().positive(),
  label: LabelSchema,
  /** When it was given, ms since the epoch. */
  createdAt: num,
  /** The label it revised (a relabel), or null. */
  revises: z.number().int().positive().nullable(),
  /** True while the server still holds the query's frames (queries labelled since it started). */
  replayable: z.boolean(),
});

export const ERROR_CODES = [
  'malformed',
  'oversized',
  'unknown-type',
  'version',
  'invalid',
  'state',
  'auth',
  'internal',
] as const;

export const MessageSchema = z.discriminatedUnion('type', [
  // client → server
  z.strictObject({
    v,
    type: z.literal('hello'),
    annotator: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w .@-]+$/, 'letters, digits, space, _ . @ - only'),
    flow: FlowSchema,
    token: z.string().max(256).optional(),
  }),
  z.strictObject({
    v,
    type: z.literal('label'),
    queryId,
    label: LabelSchema,
    responseMs: num.nonnegative().optional(),
  }),
  z.strictObject({ v, type: z.literal('undo') }),
  /** Asks for this annotator's past labels of the task (the label browser). */
  z.strictObject({ v, type: z.literal('list-labels') }),
  /** Shows a past label's query again to replay it; the next label of it is a revision of that label. */
  z.strictObject({ v, type: z.literal('review'), labelId: z.number().int().positive() }),
  // server → client
  z.strictObject({
    v,
    type: z.literal('welcome'),
    annotator: z.string(),
    flow: FlowSchema,
    task: z.string(),
    k: z.number().int().positive(),
    progress: ProgressSchema,
  }),
  z.strictObject({
    v,
    type: z.literal('query'),
    queryId,
    flow: FlowSchema,
    scene: SceneInfoSchema,
    /** Candidate actions in the world frame, for arrows. */
    candidates: z.array(ActionSchema).min(1),
    /** Frames each candidate's rollout has (the stream may drop some). */
    frameCounts: z.array(z.number().int().nonnegative()),
    /** True when this query is shown again after an undo. */
    again: z.boolean(),
    /** End-state figures, shown only on request (key f): each outcome's task metrics, and what counts. */
    figures: EndFiguresSchema,
    /** Set when shown from the label browser: the label a new one would revise. */
    review: z.strictObject({ labelId: z.number().int().positive(), label: LabelSchema }).optional(),
  }),
  z.strictObject({
    v,
    type: z.literal('labelled'),
    queryId,
    labelId: z.number().int().positive(),
    prediction: PredictionSchema.nullable(),
    agree: z.boolean().nullable(),
    progress: ProgressSchema,
  }),
  z.strictObject({
    v,
    type: z.literal('undone'),
    queryId,
    labelId: z.number().int().positive(),
    progress: ProgressSchema,
  }),
  /**
   * The live model's prediction for the query now on screen (null: no model yet). The client keeps
   * it hidden until the annotator asks (key p), so it does not anchor the label.
   */
  z.strictObject({ v, type: z.literal('prediction'), queryId, prediction: PredictionSchema.nullable() }),
  z.strictObject({ v, type: z.literal('progress'), progress: ProgressSchema }),
  z.strictObject({ v, type: z.literal('labels'), items: z.array(PastLabelSchema) }),
  z.strictObject({ v, type: z.literal('waiting'), reason: z.string() }),
  z.strictObject({ v, type: z.literal('dropped'), queryId, frames: z.number().int().positive(), reason: z.string() }),
  z.strictObject({
    v,
    type: z.literal('error'),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    field: z.string().nullable(),
  }),
]);

export type Message = z.infer<typeof MessageSchema>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type Prediction = z.infer<typeof PredictionSchema>;
export type Progress = z.infer<typeof ProgressSchema>;
export type Agreement = z.infer<typeof AgreementSchema>;
export type PastLabel = z.infer<typeof PastLabelSchema>;
export type EndFigures = z.infer<typeof EndFiguresSchema>;

export const CLIENT_TYPES = [
  'hello',
  'label',
  'undo',
  'list-labels',
  'review',
] as const satisfies readonly MessageType[];
export const SERVER_TYPES = [
  'welcome',
  'query',
  'labelled',
  'undone',
  'prediction',
  'progress',
  'labels',
  'waiting',
  'dropped',
  'error',
] as const satisfies readonly MessageType[];
export type ClientMessage = MessageOf<(typeof CLIENT_TYPES)[number]>;
export type ServerMessage = MessageOf<(typeof SERVER_TYPES)[number]>;
