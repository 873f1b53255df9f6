import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultDbPath, importJsonlFile, openStore, writeJsonlFile } from '../../reward/store/index.ts';
import { formatFields, makeOutput, plural } from '../output.ts';
import { UsageError } from '../usage-error.ts';

/** `prefsim store export|import`: the store as an atomic JSONL file with a verified trailer. */
export function registerStore(program: Command): void {
  const store = program.command('store').description('export the preference store to JSONL, CSV or a Hugging Face preference file, or import a JSONL export');
  store
    .command('export')
    .description('write the whole store atomically as JSONL ending in a trailer of row counts and a sha256')
    .requiredOption('--out <file>', 'the JSONL file to write (replaced atomically)')
    .option('--format <f>', 'jsonl (csv and hf: not yet)', 'jsonl')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action((f: { out: string; format: string; db?: string; json?: boolean }) => {
      const out = makeOutput(!!f.json);
      if (f.format !== 'jsonl') throw new UsageError(`--format: expected jsonl, found ${JSON.stringify(f.format)}`);
      const db = f.db ?? defaultDbPath();
      if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
      const s = openStore({ path: db, readonly: true }); // exporting only reads
      try {
        const trailer = writeJsonlFile(s, f.out);
        const rows = Object.values(trailer.counts).reduce((a, b) => a + b, 0);
        out.result({ file: f.out, format: f.format, counts: trailer.counts, sha256: trailer.sha256 }, () => {
          out.line(`exported ${plural(rows, 'row')} from ${db} to ${f.out}`);
          for (const l of formatFields({ counts: trailer.counts, sha256: trailer.sha256 })) out.line(`  ${l}`);
        });
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
      if (f.ids !== 'keep' && f.ids !== 'renumber') throw new UsageError(`--ids: expected keep or renumber, found ${JSON.stringify(f.ids)}`);
      if (!existsSync(f.in)) throw new UsageError(`--in: no such file ${f.in}`);
      const db = f.db ?? defaultDbPath();
      const s = openStore(db);
      try {
        let counts;
        try {
          counts = importJsonlFile(s, f.in, { ids: f.ids });
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
