import { expect, test } from 'vitest';
import { runCli } from './run-cli.ts';

test('policy raft names what is missing or wrong before any work', () => {
  const none = runCli(['policy', 'raft', '--reward', 'latest', '--out', '/tmp/never.onnx']);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('--policy or --task');
  const keep = runCli([
    'policy',
    'raft',
    '--task',
    'push-T',
    '--reward',
    'latest',
    '--out',
    '/tmp/never.onnx',
    '--candidates',
    '4',
    '--keep',
    '4',
  ]);
  expect(keep.code).toBe(2);
  expect(keep.stderr).toMatch(/keep.*below candidates/);
  const help = runCli(['policy', 'raft', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--demo-weight');
}, 60_000);
