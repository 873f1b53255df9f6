import { type Command, Option } from 'commander';

/** Deprecation lines already printed in this process: one per old flag, however often it is given. */
const warned = new Set<string>();

/** Writes the one deprecation line for `oldFlag` on stderr (stdout stays the command's). */
export function warnDeprecated(oldFlag: string, instead: string): void {
  if (warned.has(oldFlag)) return;
  warned.add(oldFlag);
  process.stderr.write(`prefsim: ${oldFlag} is deprecated; use ${instead}\n`);
}

/**
 * Keeps a renamed flag working: `oldFlags` (e.g. `--model <kind>`) is hidden from --help and sets
 * the value of the already registered `newFlag` (e.g. `--reward-kind`), after one deprecation line
 * on stderr. It sets the value while parsing, so required options given by their old name count.
 */
export function deprecatedAlias(cmd: Command, oldFlags: string, newFlag: string): Command {
  const target = cmd.options.find((o) => o.long === newFlag);
  if (!target) throw new Error(`deprecatedAlias: ${cmd.name()} has no ${newFlag} to alias`);
  const old = new Option(oldFlags).hideHelp();
  cmd.addOption(old);
  cmd.on(`option:${old.name()}`, (value: unknown) => {
    warnDeprecated(old.long ?? old.flags, newFlag);
    cmd.setOptionValueWithSource(target.attributeName(), value, 'cli');
  });
  return cmd;
}
