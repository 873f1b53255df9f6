import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { FLAG_VOCABULARY } from '../../cli/flag-vocabulary.ts';
import { type CommandHelp, walkHelp } from './help-walk.ts';
import { runCli } from './run-cli.ts';

/** Every renamed flag: command, old flag (hidden, still accepted) and the flag it now sets. */
const RENAMED: [string, string, string][] = [
  ['collect', '--model', '--reward'],
  ['loop', '--model', '--reward-kind'],
  ['loop', '--threads', '--workers'],
  ['policy sample', '--n', '--candidates'],
  ['policy sample', '--steps', '--ddim-steps'],
  ['reward eval', '--model', '--reward'],
  ['reward train', '--model', '--reward-kind'],
  ['serve', '--candidates', '--candidate-source'],
  ['worker', '--threads', '--workers'],
];

let commands: CommandHelp[];
beforeAll(async () => {
  commands = await walkHelp();
}, 60_000);

describe('one flag vocabulary across commands', () => {
  test('every flag in every --help is in cli/flag-vocabulary.ts with its placeholder', () => {
    const wrong: string[] = [];
    for (const c of commands) {
      for (const f of c.flags) {
        const word = FLAG_VOCABULARY[f.long];
        const allowed = word === undefined ? [] : ([] as string[]).concat(word.value);
        if (!allowed.includes(f.value))
          wrong.push(`prefsim ${c.path} ${f.long} ${f.value}`.trim() + (word ? ` (vocabulary: ${allowed})` : ''));
      }
    }
    expect(wrong).toEqual([]);
    expect(commands.length).toBeGreaterThan(15);
  });

  test('flags named in help texts (descriptions, notes) are vocabulary flags', () => {
    const stale: string[] = [];
    for (const c of commands)
      for (const [flag] of c.command.helpInformation().matchAll(/--[a-z][\w-]*/g))
        if (flag !== '--help' && !(flag in FLAG_VOCABULARY)) stale.push(`prefsim ${c.path} --help: ${flag}`);
    expect(stale).toEqual([]);
  });

  test('each vocabulary word is used by some command', () => {
    const used = new Set(commands.flatMap((c) => c.flags.map((f) => f.long)));
    expect(Object.keys(FLAG_VOCABULARY).filter((k) => !used.has(k))).toEqual([]);
  });

  test('the hidden flags are exactly the renamed ones, each aliasing a flag of its command', () => {
    const hidden = commands.flatMap((c) =>
      c.command.options.filter((o) => o.hidden).map((o) => [c.path, o.long ?? o.flags] as const),
    );
    expect(hidden.sort()).toEqual(RENAMED.map(([c, old]) => [c, old]).sort());
    for (const [path, , now] of RENAMED) {
      const c = commands.find((x) => x.path === path)!;
      expect(c.flags.map((f) => f.long)).toContain(now);
    }
  });
});

describe('README agrees with --help', () => {
  const readme = readFileSync('README.md', 'utf8');
  /** `prefsim …` spans: backticked in text and table cells, and lines of code blocks. */
  const spans = (): string[] => {
    const out: string[] = [];
    const blocks = readme.split('```');
    blocks.forEach((part, i) => {
      if (i % 2 === 1) out.push(...part.split('\n').map((l) => l.split(' #')[0]));
      else out.push(...[...part.matchAll(/`([^`]*)`/g)].map((m) => m[1]));
    });
    return out.filter((s) => /\bprefsim [a-z]/.test(s));
  };
  const commandOf = (span: string): CommandHelp | undefined => {
    const words = span.slice(span.indexOf('prefsim ') + 8).split(' ');
    const two = commands.find((c) => c.path === `${words[0]} ${words[1]}`);
    return two ?? commands.find((c) => c.path === words[0]);
  };

  test('every README command line names only flags its command has', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const span of spans()) {
      const c = commandOf(span);
      if (!c) continue;
      checked++;
      const flags = new Map(c.flags.map((f) => [f.long, f.value]));
      for (const [, flag, next] of span.slice(span.indexOf('prefsim ')).matchAll(/(--[a-z][\w-]*)(?: ([^\s\]]+))?/g)) {
        if (!flags.has(flag)) wrong.push(`README: prefsim ${c.path} … ${flag}`);
        // A switch shown with a value (`--json FILE`) is a flag the command no longer has.
        else if (flags.get(flag) === '' && next !== undefined && !/^(-|\[|\\?\||…|\/)/.test(next))
          wrong.push(`README: prefsim ${c.path} … ${flag} ${next} (${flag} takes no value)`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  test('the README command table lists every command', () => {
    const table = readme.split('\n## Commands')[1].split('\n## ')[0];
    const rows = table.split('\n').filter((l) => l.startsWith('| `prefsim '));
    const listed = new Set(
      rows.flatMap((r) => [...r.matchAll(/`(prefsim [^`]*)`/g)].map((m) => commandOf(m[1])?.path)),
    );
    expect(commands.map((c) => c.path).filter((p) => !listed.has(p))).toEqual([]);
  });
});

describe('old flag names still work, with one deprecation line on stderr', () => {
  test.each([
    [['loop', '--task', 'push-T', '--threads', '0'], '--threads', '--workers', /--workers: expected an integer/],
    [['reward', 'train', '--task', 'push-T', '--model', 'nope'], '--model', '--reward-kind', /--reward-kind: unknown/],
    [['eval', '--task', 'push-T', '--methods', 'nope', '--json', 'r.json'], '--json FILE', '--out FILE', /--methods/],
  ])('prefsim %j', (args, old, now, error) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.includes('deprecated'));
    expect(lines).toEqual([`prefsim: ${old} is deprecated; use ${now}`]);
    expect(r.stderr).toMatch(error);
  });
});
