import type { Command } from 'commander';
import { expertActor, getTask, initPhysics, runEpisode, Scene } from '../../sim/index.ts';
import { makeOutput } from '../output.ts';

/**
 * `prefsim serve` — what `npm start` runs. Until the viewer lands (issue 6), it runs a short
 * expert episode so a newcomer sees the simulator work, and says where to go next.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the preference service (the viewer is not built yet: runs a short demo episode)')
    .option('--task <id>', 'task of the demo episode', 'push-T')
    .option('--json', 'print one JSON object')
    .action(async (f: { task: string; json?: boolean }) => {
      const out = makeOutput(!!f.json);
      const task = getTask(f.task);
      await initPhysics();
      const scene = Scene.create(task, 0);
      try {
        out.line(`prefsim: the 3D viewer is not built yet; running a ${task.maxSteps}-step expert episode of ${task.id} instead.`);
        const r = await runEpisode(scene, expertActor, {
          onStep: (s) => out.line(`  step ${s.step}: ${task.rewardMetric} ${s.metrics[task.rewardMetric].toFixed(3)}`),
        });
        out.result({ task: task.id, start: r.start, final: r.final, success: r.success }, () => {
          out.line(`done: ${task.rewardMetric} ${r.start[task.rewardMetric].toFixed(3)} → ${r.final[task.rewardMetric].toFixed(3)}, success: ${r.success}`);
          out.line('next: `npx prefsim tasks`, `npx prefsim sim --task rope-circle --actor expert`, `npx prefsim --help`');
        });
      } finally {
        scene.free();
      }
    });
}
