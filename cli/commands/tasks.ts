import type { Command } from 'commander';
import { TASKS } from '../../sim/index.ts';
import { makeOutput } from '../output.ts';

/** `prefsim tasks`: the task registry with primitive, step limit and success rule. */
export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description('list the simulated tasks')
    .option('--json', 'print one JSON object')
    .action((opts: { json?: boolean }) => {
      const out = makeOutput(!!opts.json);
      const tasks = Object.values(TASKS).map((t) => ({
        id: t.id,
        title: t.title,
        primitive: t.primitive,
        maxSteps: t.maxSteps,
        success: t.success,
        metric: t.rewardMetric,
      }));
      out.result({ tasks }, () => {
        for (const t of tasks) {
          const rule = `${t.success.metric} ${t.success.direction === 'above' ? '≥' : '≤'} ${t.success.threshold}`;
          out.line(
            `${t.id.padEnd(14)} ${t.primitive.padEnd(10)} ≤${String(t.maxSteps).padStart(2)} steps  success: ` +
              `${rule}  — ${t.title}`,
          );
        }
      });
    });
}
