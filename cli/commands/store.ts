import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  defaultDbPath,
  importJsonlFile,
  openStore,
  writeCsvFile,
  writeHfFile,
  writeJsonlFile,
} from '../../reward/store/index.ts';
import { formatFields, makeOutput, plural } from '../output.ts';
import { choiceFlag, UsageError } from '../usage-error.ts';

const EXPORT_FORMATS = ['jsonl', 'csv', 'hf'] as const;

/**
 * `prefsim store export|import`: the store as an atomic JSONL file with a verified trailer, or as
 * CSV / hf files for analysis and training.
 */
export function registerStore(program: Command): void {
  const store = program
    .command('store')
    .description(
      'export the preference store to JSONL, CSV or a Hugging Face preference file, or import a JSONL export',
    );
  store
    .command('export')
    .description(
      'write the store atomically (temp file, fsync, rename): jsonl (everything, ending in a trailer of row counts ' +
        'and a sha256; what store import reads), csv (one row per label, every revision) or hf (one pairwise ' +
        'preference per line: prompt = state id, chosen, rejected, annotator, response time, frames); ' +
        'columns in reward/store/README.md',
    )
    .requiredOption('--out <file>', 'the file to write (replaced atomically)')
    .option('--format <f>', `${EXPORT_FORMATS.join(', ')}`, 'jsonl')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action((f: { out: string; format: string; db?: string; json?: boolean }) => {
      const out = makeOutput(!!f.json);
      const format = choiceFlag('--format', f.format, EXPORT_FORMATS);
      const db = f.db ?? defaultDbPath();
      if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
      const s = openStore({ path: db, readonly: true });
      try {
        if (format === 'jsonl') {
          const trailer = writeJsonlFile(s, f.out);
          const rows = Object.values(trailer.counts).reduce((a, b) => a + b, 0);
          out.result({ file: f.out, format, counts: trailer.counts, sha256: trailer.sha256 }, () => {
            out.line(`exported ${plural(rows, 'row')} from ${db} to ${f.out}`);
            for (const l of formatFields({ counts: trailer.counts, sha256: trailer.sha256 })) out.line(`  ${l}`);
          });
        } else if (format === 'csv') {
          const { labels } = writeCsvFile(s, f.out);
          out.result({ file: f.out, format, labels }, () =>
            out.line(`exported ${plural(labels, 'label')} from ${db} to ${f.out} (CSV)`),
          );
        } else {
          const summary = writeHfFile(s, f.out);
          out.result({ file: f.out, format, ...summary }, () => {
            out.line(
              `exported ${plural(summary.preferences, 'preference')} from ` +
                `${plural(summary.labels, 'current label')} of ${db} to ${f.out}`,
            );
            for (const l of formatFields({ skipped: summary.skipped })) out.line(`  ${l}`);
          });
        }
      } finally {
        s.close();
      }
    });
  store
    .command('import')
    .description('import a JSONL export in one transaction: all of it, or nothing if any line or the trailer is wrong')
    .requiredOption('--in <file>', 'a file written by prefsim store export')
    .option('--ids <mode>', 'keep (ids as in the file) or renumber (merge into a store with rows)', 'keep')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action((f: { in: string; ids: string; db?: string; json?: boolean }) => {
      const out = makeOutput(!!f.json);
      const ids = choiceFlag('--ids', f.ids, ['keep', 'renumber'] as const);
      if (!existsSync(f.in)) throw new UsageError(`--in: no such file ${f.in}`);
      const db = f.db ?? defaultDbPath();
      const s = openStore(db);
      try {
        let counts: ReturnType<typeof importJsonlFile>;
        try {
          counts = importJsonlFile(s, f.in, { ids });
        } catch (e) {
          throw new Error(`${f.in}: ${(e as Error).message}`);
        }
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        out.result({ file: f.in, db, counts }, () => {
          out.line(`imported ${plural(rows, 'row')} from ${f.in} into ${db}`);
          for (const l of formatFields({ counts })) out.line(`  ${l}`);
        });
      } finally {
        s.close();
      }
    });
}
