/**
 * Demonstration sets: S states, each with its observation and k alternative expert actions
 * (DeformPAM's auxiliary actions, METHODS.md §1), and their binary file format.
 *
 * Dimension letters: S states, P points, k alternatives, Da = 6.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { hashData } from '../../nn/index.ts';
import { ACTION_DIM } from '../action-codec.ts';
import { formatZodError } from '../../core/zod-error.ts';

/** Demonstrations for one task. */
export interface DemoSet {
  task: string;
  /** S. */
  states: number;
  /** P points per observation. */
  points: number;
  /** k alternatives per state. */
  alternatives: number;
  /** [S, P, 3] normalised point clouds. */
  obs: Float32Array;
  /** [S, 3] the world origin in each state's normalised frame (−center/scale). */
  origin: Float32Array;
  /** [S, k, 6] alternative actions, normalised frame. */
  actions: Float32Array;
  /** How the set was made (seed, episodes...), for the record. */
  info: Record<string, number | string>;
}

const MAGIC = 'prefsim-demos/1\n';
const HeaderSchema = z.object({
  task: z.string(),
  states: z.number().int().positive(),
  points: z.number().int().positive(),
  alternatives: z.number().int().positive(),
  info: z.record(z.string(), z.union([z.number(), z.string()])),
});

/** sha256 of the data arrays (recorded in checkpoints as `dataHash`). */
export function demoHash(d: DemoSet): string {
  return hashData(d.obs, d.origin, d.actions);
}

/** Throws unless the arrays match the declared sizes. */
export function checkDemoSet(d: DemoSet): void {
  const want = { obs: d.states * d.points * 3, origin: d.states * 3, actions: d.states * d.alternatives * ACTION_DIM };
  for (const [k, n] of Object.entries(want)) {
    const got = d[k as keyof typeof want].length;
    if (got !== n) throw new Error(`demo set ${d.task}: ${k} has ${got} numbers, expected ${n}`);
  }
}

/** Writes a demo set atomically (temp file, then rename). */
export function writeDemoFile(path: string, d: DemoSet): void {
  checkDemoSet(d);
  const header = Buffer.from(
    JSON.stringify({ task: d.task, states: d.states, points: d.points, alternatives: d.alternatives, info: d.info }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const body = [d.obs, d.origin, d.actions].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC), len, header, ...body]));
  renameSync(tmp, path);
}

/** Reads a demo set; throws naming the file and what is wrong. */
export function readDemoFile(path: string): DemoSet {
  const buf = readFileSync(path);
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) throw new Error(`demo file ${path}: not a prefsim demo file`);
  const hl = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const h = HeaderSchema.safeParse(JSON.parse(buf.subarray(start, start + hl).toString()));
  if (!h.success) throw new Error(`demo file ${path}: bad header: ${formatZodError(h.error, { top: '' })}`);
  const { states: s, points: p, alternatives: k } = h.data;
  const n1 = s * p * 3,
    n2 = s * 3,
    want = n1 + n2 + s * k * ACTION_DIM;
  const body = buf.length - start - hl;
  if (body !== 4 * want)
    throw new Error(`demo file ${path}: truncated or padded (${body} data bytes, expected ${4 * want})`);
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start + hl, buf.byteOffset + buf.length));
  const d: DemoSet = {
    ...h.data,
    obs: floats.slice(0, n1),
    origin: floats.slice(n1, n1 + n2),
    actions: floats.slice(n1 + n2),
  };
  return d;
}
