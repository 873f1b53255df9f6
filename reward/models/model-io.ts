/**
 * Reward models as files and registry entries: save a trained model as an ONNX checkpoint,
 * register it in the store's model registry, and open a model by registry id, `latest`, or path.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadCheckpoint } from '../../nn/index.ts';
import { TASK_IDS } from '../../sim/index.ts';
import type { JsonValue, PreferenceStore } from '../store/index.ts';
import { ExplicitRewardModel } from './explicit-model.ts';
import { ImplicitRewardModel } from './implicit-model.ts';
import { RaplRewardModel } from './rapl-model.ts';
import type { RewardKind } from './reward-model.ts';

/** Anything `saveAndRegister` can write: it has checkpoint bytes. */
export interface SavableModel {
  readonly bytes: Uint8Array;
}

/**
 * Writes the model next to the store (`<db dir>/models/<task>-<kind>-<hash12>.onnx`) and registers
 * it. Returns the registry id and path.
 */
export function saveAndRegister(
  store: PreferenceStore,
  model: SavableModel,
  task: string,
  kind: RewardKind,
  metrics: Record<string, JsonValue>,
  dir?: string,
): { id: string; path: string } {
  const hash = createHash('sha256').update(model.bytes).digest('hex');
  const folder = dir ?? join(store.path === ':memory:' ? 'data' : dirname(store.path), 'models');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${task}-${kind}-${hash.slice(0, 12)}.onnx`);
  if (!existsSync(path)) (model as unknown as { save(p: string): void }).save(path);
  const existing = store.getModel(`${task}-${kind}-${hash.slice(0, 12)}`);
  const id = existing ? existing.id : store.registerModel({ task, kind, path, hash, metrics });
  return { id, path };
}

/** Opens a reward model from a checkpoint file; the architecture in its metadata picks the class. */
export async function openRewardModel(
  path: string,
  id = path,
): Promise<ExplicitRewardModel | ImplicitRewardModel | RaplRewardModel> {
  const ckpt = loadCheckpoint(new Uint8Array(readFileSync(path)));
  const kind = (ckpt.meta.architecture as { kind?: unknown }).kind;
  switch (kind) {
    case 'explicit':
      return ExplicitRewardModel.fromCheckpoint(ckpt, id);
    case 'implicit':
      return ImplicitRewardModel.fromCheckpoint(ckpt, id);
    case 'rapl':
      return RaplRewardModel.fromCheckpoint(ckpt, id);
    default:
      throw new Error(
        `reward model ${path}: field architecture.kind: expected "explicit", "implicit" or "rapl", found ` +
          `${JSON.stringify(kind)}`,
      );
  }
}

/**
 * Resolves `spec` — a registry id, `latest` (newest of `task` and `kind`), or a file path — to a
 * registry record-like `{ id, path }`. Errors say what was tried.
 */
export function resolveModelSpec(
  store: PreferenceStore,
  spec: string,
  task: string,
  kind?: string,
): { id: string; path: string } {
  if (spec === 'latest') {
    const kinds = kind ? [kind] : ['explicit', 'rapl', 'implicit'];
    const found = kinds
      .map((k) => store.latestModel(task, k))
      .filter((m) => m !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!found)
      throw new Error(`reward model latest: no ${kind ?? 'reward'} model registered for task ${task} in ${store.path}`);
    return { id: found.id, path: found.path };
  }
  const rec =
    store.getModel(spec) ??
    (existsSync(spec) ? store.listModels().find((m) => resolve(m.path) === resolve(spec)) : undefined);
  // A reward model of another task scores states it never saw: refused, as policies are.
  if (rec && rec.task !== task)
    throw new Error(
      `reward model ${spec}: a reward model of task ${rec.task}, not ${task} (registered in ${store.path})`,
    );
  if (rec) return { id: rec.id, path: rec.path };
  if (existsSync(spec)) {
    const named = TASK_IDS.find((t) => basename(spec).startsWith(`${t}-`));
    if (named !== undefined && named !== task)
      throw new Error(`reward model ${spec}: the file is named for task ${named}, not ${task}`);
    return { id: spec, path: spec };
  }
  throw new Error(`reward model ${spec}: not a registered model id in ${store.path}, not 'latest', and no such file`);
}
