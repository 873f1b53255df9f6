import { Command } from 'commander';
import { COMMANDS } from '../../cli/command-table.ts';

/** One flag as `--help` shows it: `-n, --candidates <n>` is long `--candidates`, value `<n>`. */
export interface HelpFlag {
  long: string;
  /** The value placeholder (`<n>`, `[file]`), or '' for a switch. */
  value: string;
}

/** A command as its --help text shows it: `policy train` and the flags of its Options section. */
export interface CommandHelp {
  path: string;
  flags: HelpFlag[];
  command: Command;
}

/** The flags of the Options section of a commander help text (term lines start with two spaces and '-'). */
export function parseHelpFlags(help: string): HelpFlag[] {
  const section = help.split('\nOptions:\n')[1]?.split(/\n\n/)[0] ?? '';
  const flags: HelpFlag[] = [];
  for (const line of section.split('\n')) {
    const m = /^ {2}(?:-\w, )?(--[a-z][\w-]*)(?: (<[^>]+>|\[[^\]]+\]))?(?: {2,}|$)/.exec(line);
    if (m) flags.push({ long: m[1], value: m[2] ?? '' });
  }
  return flags;
}

/** Every prefsim command and subcommand with the flags its --help prints (help itself left out). */
export async function walkHelp(): Promise<CommandHelp[]> {
  const program = new Command('prefsim');
  for (const c of Object.values(COMMANDS)) (await c.load())(program);
  const out: CommandHelp[] = [];
  const visit = (cmd: Command, prefix: string): void => {
    for (const sub of cmd.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      if (sub.commands.length === 0) {
        const flags = parseHelpFlags(sub.helpInformation()).filter((f) => f.long !== '--help');
        out.push({ path, flags, command: sub });
      } else visit(sub, path);
    }
  };
  visit(program, '');
  return out;
}
