import type { EvalResult } from '../../../pipeline/eval/index.ts';

/** A push-T result with a two-point curve ending at `final`. */
export function result(method: string, seed: number, final: number, over: Partial<EvalResult> = {}): EvalResult {
  return {
    task: 'push-T',
    seed,
    method,
    curve: [0.2, final],
    final,
    success: false,
    stepsToSuccess: 15,
    diversity: 0.1,
    decisions: 1,
    decisionMs: 1,
    extra: {},
    ...over,
  };
}
