/** The `prefsim` command: thin wiring of the library folders (ARCHITECTURE.md). */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './command-table.ts';
import { UsageError } from './usage-error.ts';

// `prefsim … | head` closes stdout early: that ends the command quietly, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  else throw e;
});

const program = new Command('prefsim')
  .description(
    'Robot preference-learning simulation service: simulate tasks, collect preferences, train reward models.',
  )
  .showHelpAfterError()
  .exitOverride();

// Tasks defined outside sim/ (PREFSIM_TASK_MODULES, sim/tasks/registry.ts) join the registry
// before any command reads it.
if (process.env.PREFSIM_TASK_MODULES) await (await import('../sim/tasks/registry.ts')).loadTaskModules();

// Only the command being run is loaded; otherwise (help, a typo) the summaries are enough.
const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const name = words[0] === 'help' ? words[1] : words[0];
const chosen = name !== undefined ? COMMANDS[name] : undefined;
if (chosen) (await chosen.load())(program);
else for (const [n, c] of Object.entries(COMMANDS)) program.command(n).description(c.summary);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof UsageError || isValidationError(e)) {
    process.stderr.write(`prefsim: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`prefsim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

/** sim's ValidationError, matched by name so that --help need not load the simulator. */
function isValidationError(e: unknown): boolean {
  return e instanceof Error && e.name === 'ValidationError';
}
