/** The `prefsim` command: thin wiring of the library folders (ARCHITECTURE.md). */
import { Command, CommanderError } from 'commander';
import { ValidationError } from '../sim/index.ts';
import { registerCollect } from './commands/collect.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerReward } from './commands/reward.ts';
import { registerEval } from './commands/eval.ts';
import { registerLoop } from './commands/loop.ts';
import { registerServe } from './commands/serve.ts';
import { registerSim } from './commands/sim.ts';
import { registerTasks } from './commands/tasks.ts';
import { registerView } from './commands/view.ts';
import { registerWorker } from './commands/worker.ts';
import { UsageError } from './usage-error.ts';

const program = new Command('prefsim')
  .description('Robot preference-learning simulation service: simulate tasks, collect preferences, train reward models.')
  .showHelpAfterError()
  .exitOverride();

registerTasks(program);
registerSim(program);
registerPolicy(program);
registerServe(program);
registerEval(program);
registerLoop(program);
registerCollect(program);
registerReward(program);
registerWorker(program);
registerView(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof UsageError || e instanceof ValidationError) {
    process.stderr.write(`prefsim: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`prefsim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
