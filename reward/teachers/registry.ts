/**
 * Named teacher presets (METHODS §7, B-Pref) and `NAME:key=value,...` specs for `--teacher`.
 * Presets are plain config data; components are chosen from this table, never by evaluating strings.
 */
import { KEEP_OUT } from '../../sim/tasks/push-t.ts';
import { makeTeacher } from './make-teacher.ts';
import type { KeepOut, TeacherConfigInput } from './teacher-config.ts';
import type { Teacher } from './teacher.ts';

/**
 * push-T's keep-out zone as the simulator builds it (`KEEP_OUT` of sim/tasks/push-t.ts, also in
 * `scene.info`), with penalty 1. The collection pipeline sends the scene's zone with every query
 * (`TeacherQuery.keepOut`), and a keep-out teacher uses that zone when present.
 */
export const PUSH_T_KEEP_OUT: KeepOut = { ...KEEP_OUT, weight: 1 };

/**
 * Fallback keep-out zone when a query carries none: push-T's zone (x ∈ [0.12, 0.30] m,
 * y ∈ [−0.30, −0.12] m on the table), penalty 1 (return units) if any tool point enters it.
 */
export const DEFAULT_KEEP_OUT: KeepOut = PUSH_T_KEEP_OUT;

/**
 * A table-fixed region no scene marks and no other test uses (world, metres): x ∈ [−0.20, 0],
 * y ∈ [0.10, 0.30], beside push-T's goal at (0, 0.05), where pushes toward the goal often pass.
 * Penalty 1. The `avoid-region` teacher dislikes tool paths through it (issue 12's style figure).
 */
export const AVOID_REGION: KeepOut = { xMin: -0.2, xMax: 0, yMin: 0.1, yMax: 0.3, weight: 1 };

/**
 * The presets. B-Pref: oracle (β = ∞), stoch (β = 1), mistake (ε = 0.1), skip (both returns
 * below 0.1 → skip), equal (|ΔR| < 0.05 → equal), myopic (γ = 0.9). Style: keep-out, shorter-moves
 * (1 per metre of |p1 − p0|), avoid-region (`AVOID_REGION`, a zone of the teacher's own that the
 * scene does not mark), gentle-flings (0.1 per m/s of peak tool speed). Other label kinds:
 * ranking (elimination, rest when within 0.05), triplet (all-equal within 0.05), thumbs (good when
 * return ≥ 0.5). Any preset takes `flip` (0..0.4) as a noise-rate knob.
 */
export const TEACHER_PRESETS = {
  oracle: {},
  stoch: { beta: 1 },
  mistake: { flip: 0.1 },
  skip: { skipBelow: 0.1 },
  equal: { equalWithin: 0.05 },
  myopic: { gamma: 0.9 },
  'keep-out': { keepOut: DEFAULT_KEEP_OUT },
  'avoid-region': { keepOut: AVOID_REGION, zoneFromScene: false },
  'shorter-moves': { moveWeight: 1 },
  'gentle-flings': { speedWeight: 0.1 },
  ranking: { kind: 'ranking', equalWithin: 0.05 },
  triplet: { kind: 'triplet', equalWithin: 0.05 },
  thumbs: { kind: 'binary', goodAbove: 0.5 },
} as const satisfies Record<string, TeacherConfigInput>;

export type TeacherPreset = keyof typeof TEACHER_PRESETS;
export const TEACHER_NAMES = Object.keys(TEACHER_PRESETS) as TeacherPreset[];

function parseValue(text: string): unknown {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'Infinity') return Infinity;
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : text;
}

/**
 * Parses `NAME` or `NAME:key=value,key=value` (dotted keys reach nested fields, e.g.
 * `keep-out:keepOut.xMin=0.1,flip=0.2`) into the preset name and config overrides.
 */
export function parseTeacherSpec(spec: string): { name: string; overrides: Record<string, unknown> } {
  const [name, rest] = spec.split(/:(.*)/s, 2);
  const overrides: Record<string, unknown> = {};
  for (const part of rest ? rest.split(',') : []) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`teacher spec "${spec}": expected key=value, found "${part}"`);
    const keys = part.slice(0, eq).trim().split('.');
    let target = overrides;
    for (const k of keys.slice(0, -1)) target = (target[k] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]] = parseValue(part.slice(eq + 1).trim());
  }
  return { name, overrides };
}

/** Merges overrides into a preset, one level deep for nested objects (keepOut). */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    out[k] = v && typeof v === 'object' && b && typeof b === 'object' ? { ...b, ...v } : v;
  }
  return out;
}

/** A built-in teacher by preset name (or `NAME:key=value,...` spec), with optional overrides. */
export function teacherByName(spec: string, overrides: TeacherConfigInput = {}): Teacher {
  const { name, overrides: fromSpec } = parseTeacherSpec(spec);
  if (!Object.hasOwn(TEACHER_PRESETS, name)) {
    throw new Error(
      `unknown teacher "${name}": expected one of ${TEACHER_NAMES.join(', ')}, or a path to a .mjs module`,
    );
  }
  const preset = TEACHER_PRESETS[name as TeacherPreset] as Record<string, unknown>;
  const cfg = merge(merge(preset, fromSpec), overrides as Record<string, unknown>);
  return makeTeacher(cfg as TeacherConfigInput, spec);
}
