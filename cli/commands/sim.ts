import type { Command } from 'commander';
import { ACTORS, initPhysics, getTask, runEpisode, Scene, TASK_IDS, type ActorName } from '../../sim/index.ts';
import { writeEpisodeFile } from '../../sim/recording/index.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag } from '../usage-error.ts';

interface SimFlags {
  task: string;
  seed: string;
  steps?: string;
  actor: string;
  record?: string;
  json?: boolean;
}

/** `prefsim sim`: one episode with the expert or a random actor, per-step metrics, optional recording. */
export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run one simulated episode and print per-step metrics')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .option('--seed <n>', 'seed of the initial state and the actor', '0')
    .option('--steps <k>', 'number of actions (default: the task step limit)')
    .option('--actor <name>', `who acts: ${Object.keys(ACTORS).join(' | ')}`, 'expert')
    .option('--record <file>', 'write the episode (frames at 30 fps, actions, metrics) to this file')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: SimFlags) => {
      const out = makeOutput(!!f.json);
      const task = getTaskOrUsage(f.task);
      const seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      const steps = f.steps === undefined ? task.maxSteps : intFlag('--steps', f.steps, 1, 1000);
      const actor = choiceFlag('--actor', f.actor, Object.keys(ACTORS) as ActorName[]);
      await initPhysics();
      const scene = Scene.create(task, seed);
      const bar = makeProgress(`${task.id} seed ${seed}`, steps);
      try {
        out.line(`step  0  ${fmt(scene.metrics())}`);
        const r = await runEpisode(scene, ACTORS[actor], {
          steps,
          stopOnSuccess: false,
          record: !!f.record,
          onStep: (s) => {
            bar.tick();
            out.line(
              `step ${String(s.step).padStart(2)}  ${fmt(s.metrics)}${s.success ? '  success' : ''}  (` +
                `${s.ms.toFixed(0)} ms)`,
            );
          },
        });
        bar.stop();
        let recordBytes: number | undefined;
        if (f.record && r.frames) {
          let start = 0;
          recordBytes = writeEpisodeFile(f.record, {
            taskId: task.id,
            seed,
            initialMetrics: r.start,
            steps: r.steps.map((s, i) => {
              const count = r.frames![i].length;
              const step = { action: s.action, metrics: s.metrics, frameStart: start, frameCount: count };
              start += count;
              return step;
            }),
            frames: r.frames.flat(),
          });
          out.log(`recorded ${plural(start, 'frame')} (${recordBytes} bytes) to ${f.record}`);
        }
        out.result(
          {
            task: task.id,
            seed,
            actor,
            start: r.start,
            final: r.final,
            success: r.success,
            stepsToSuccess: r.stepsToSuccess,
            steps: r.steps.map((s) => ({
              step: s.step,
              action: s.worldAction,
              metrics: s.metrics,
              success: s.success,
              ms: s.ms,
            })),
            record: f.record ? { file: f.record, bytes: recordBytes } : undefined,
          },
          () =>
            out.line(
              `final ${fmt(r.final)}  success: ${r.success}  steps to success: ${r.success ? r.stepsToSuccess : '—'}`,
            ),
        );
      } finally {
        bar.stop();
        scene.free();
      }
    });
}

function getTaskOrUsage(id: string) {
  choiceFlag('--task', id, TASK_IDS);
  return getTask(id);
}

function fmt(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join('  ');
}
