/**
 * Opens a policy file of either kind: a prefsim checkpoint (trained by `prefsim policy train`)
 * or an external ONNX noise network with the documented signature. Default models are listed
 * in models/manifest.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { decodeModel } from '../nn/index.ts';
import { getTask } from '../sim/index.ts';
import type { SamplerConfigInput } from './diffusion/config.ts';
import { DiffusionPolicy } from './diffusion/diffusion-policy.ts';
import { ExternalPolicy } from './external/external-policy.ts';
import { GuidedPolicy, IMPLICIT_KIND } from './guidance/guided-policy.ts';
import type { Policy } from './policy.ts';

/** models/ of this repository. */
export const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

export const ModelEntrySchema = z
  .object({
    task: z.string(),
    kind: z.literal('policy'),
    file: z.string().describe('path relative to models/'),
    command: z.string().describe('the exact command that made it'),
  })
  .passthrough();
export const ManifestSchema = z.object({ models: z.array(ModelEntrySchema) }).passthrough();
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

/** The default policy file of `task` from models/manifest.json; throws naming what is missing. */
export function defaultPolicyPath(task: string, dir = MODELS_DIR): string {
  const mpath = `${dir}manifest.json`;
  if (!existsSync(mpath)) throw new Error(`no default policy: ${mpath} does not exist`);
  const m = ManifestSchema.parse(JSON.parse(readFileSync(mpath, 'utf8')));
  const e = m.models.find((x) => x.kind === 'policy' && x.task === task);
  if (!e)
    throw new Error(
      `no default policy for task ${task} in ${mpath}; listed: ${m.models.map((x) => x.task).join(', ')}`,
    );
  return `${dir}${e.file}`;
}

/**
 * Opens a prefsim checkpoint or, failing that, an external noise network for `taskId`. An
 * implicit (Diffusion-DPO) reward checkpoint opens as the RLG-guided policy with guidance w
 * (`opts.guidance`, default 1: the fine-tuned policy; 0: the reference).
 */
export async function openPolicy(
  path: string,
  taskId: string,
  opts: { sampler?: SamplerConfigInput; threads?: number; guidance?: number } = {},
): Promise<Policy> {
  const bytes = new Uint8Array(readFileSync(path));
  const spec = decodeModel(bytes, path);
  if (spec.metadata.prefsim !== undefined && metaKind(spec.metadata.prefsim) === IMPLICIT_KIND) {
    const p = await GuidedPolicy.open(bytes, { guidance: opts.guidance, sampler: opts.sampler });
    if (p.task !== taskId) {
      await p.free();
      throw new Error(
        `policy ${path} (an implicit reward's guided policy) was trained on task ${p.task}, not ${taskId}`,
      );
    }
    return finiteActions(p, path);
  }
  if (opts.guidance !== undefined)
    throw new Error(
      `--guidance: policy ${path} is not an implicit (Diffusion-DPO) reward checkpoint; guidance needs its ` +
        `reference and fine-tuned networks`,
    );
  if (spec.metadata.prefsim !== undefined) {
    const p = await DiffusionPolicy.open(bytes, opts);
    if (p.task !== taskId) {
      await p.free();
      throw new Error(`policy ${path} was trained on task ${p.task}, not ${taskId}`);
    }
    return finiteActions(p, path);
  }
  const task = getTask(taskId);
  return finiteActions(
    await ExternalPolicy.open(bytes, {
      primitive: task.primitive,
      workspace: task.workspace,
      sampler: opts.sampler,
      threads: opts.threads,
    }),
    path,
  );
}

/** A network that outputs NaN or Infinity is reported naming its file, not as a bad action later. */
function finiteActions<P extends Policy>(p: P, path: string): P {
  const sample = p.sample.bind(p);
  p.sample = async (obs, n, rng) => {
    const actions = await sample(obs, n, rng);
    const bad = actions.findIndex((a) => !allFinite(a));
    if (bad >= 0)
      throw new Error(
        `policy ${path}: candidate ${bad} of ${actions.length} is not finite (the network output NaN or Infinity)`,
      );
    return actions;
  };
  return p;
}

function metaKind(json: string): unknown {
  try {
    return (JSON.parse(json) as { architecture?: { kind?: unknown } }).architecture?.kind;
  } catch {
    return undefined;
  }
}

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}
