import type { Command } from 'commander';

/** One top-level subcommand: its one-line summary for `prefsim --help`, and how to load it. */
export interface CommandEntry {
  summary: string;
  load(): Promise<(program: Command) => void>;
}

/**
 * Every top-level subcommand, in `--help` order. Each is imported only when it runs, so a command
 * loads only its own libraries (`--help` loads none: bullmq, ws and onnxruntime cost ~0.6 s).
 * Summaries equal each command's own `.description()` (tests/cli/command-table.test.ts).
 */
export const COMMANDS: Record<string, CommandEntry> = {
  tasks: { summary: 'list the simulated tasks', load: async () => (await import('./commands/tasks.ts')).registerTasks },
  sim: {
    summary: 'run one simulated episode and print per-step metrics',
    load: async () => (await import('./commands/sim.ts')).registerSim,
  },
  policy: {
    summary: 'train a diffusion policy on expert demos, sample candidate actions, or fine-tune it on a reward (raft)',
    load: async () => (await import('./commands/policy.ts')).registerPolicy,
  },
  serve: {
    summary: 'run the preference service: label queries in the browser (pairs, rankings, triplets)',
    load: async () => (await import('./commands/serve.ts')).registerServe,
  },
  eval: {
    summary: 'evaluate methods over many seeds in parallel; curves with 95 % CIs, finals, success, diversity',
    load: async () => (await import('./commands/eval.ts')).registerEval,
  },
  loop: {
    summary:
      'run the preference-learning pipeline headless: policy, then rounds of collect → train reward → evaluate ' +
      'RAS (resumes a killed run)',
    load: async () => (await import('./commands/loop.ts')).registerLoop,
  },
  collect: {
    summary: 'collect labelled preference queries headlessly with a synthetic (or module) teacher',
    load: async () => (await import('./commands/collect.ts')).registerCollect,
  },
  reward: {
    summary: 'train and evaluate reward models from stored preferences',
    load: async () => (await import('./commands/reward.ts')).registerReward,
  },
  store: {
    summary: 'export the preference store to JSONL, CSV or a Hugging Face preference file, or import a JSONL export',
    load: async () => (await import('./commands/store.ts')).registerStore,
  },
  annotators: {
    summary:
      'per-annotator quality: agreement with gold, with others and with themselves (Wilson 95 % CI, n), labels ' +
      'per hour, median response time',
    load: async () => (await import('./commands/annotators.ts')).registerAnnotators,
  },
  view: {
    summary:
      'play a recorded episode (prefsim sim --record FILE) in the browser: one panel, scrub, frame step, speed; ' +
      'read-only, on 127.0.0.1',
    load: async () => (await import('./commands/view.ts')).registerView,
  },
  worker: {
    summary:
      'consume evaluation, rollout and query-preparation jobs from a shared Redis queue (run one per host or more)',
    load: async () => (await import('./commands/worker.ts')).registerWorker,
  },
};
