import type { Command } from 'commander';

/** `prefsim store export|import`. */
export function registerStore(program: Command): void {
  program.command('store').description('export the preference store to JSONL, CSV or a Hugging Face preference file, or import a JSONL export');
}
