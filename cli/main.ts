/** The `prefsim` command: thin wiring of the library folders (ARCHITECTURE.md). */
import { Command } from 'commander';

const program = new Command('prefsim')
  .description('Robot preference-learning simulation service')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the preference service (until the viewer lands: a short status message)')
  .action(() => {
    process.stderr.write('prefsim: the viewer is not built yet; try `npx prefsim --help`.\n');
  });

await program.parseAsync(process.argv);
