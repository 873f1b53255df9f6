import { describe, expect, test } from 'vitest';
import {
  MAX_CONTROL_BYTES,
  message,
  encodeMessage,
  parseMessage,
  PROTOCOL_VERSION,
} from '../../../viewer/protocol/index.ts';

const hello = { v: PROTOCOL_VERSION, type: 'hello', annotator: 'ada', flow: 'pair' };
const label = {
  v: PROTOCOL_VERSION,
  type: 'label',
  queryId: 3,
  label: { kind: 'pair', winner: 'A' },
  responseMs: 1200,
};

describe('parseMessage: good messages', () => {
  test.each([
    ['hello', hello],
    ['hello with token', { ...hello, token: 'secret' }],
    ['label', label],
    ['ranking label', { ...label, label: { kind: 'ranking', order: [3, 1], rest: [0, 2, 4, 5, 6, 7] } }],
    ['triplet label', { ...label, label: { kind: 'triplet', best: 2, middle: 0, worst: 1 } }],
    ['undo', { v: PROTOCOL_VERSION, type: 'undo' }],
  ])('server accepts %s', (_name, m) => {
    const r = parseMessage(JSON.stringify(m), 'server');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.message).toEqual(m);
  });

  test('a message built with message() round-trips through the client reader', () => {
    const m = message('dropped', { queryId: 4, frames: 3, reason: 'slow client' });
    const r = parseMessage(encodeMessage(m), 'client');
    expect(r).toEqual({ ok: true, message: m });
  });
});

describe('parseMessage: bad messages get an issue naming the field', () => {
  test.each([
    ['not JSON', '{"v":1,', 'malformed', null],
    ['JSON array', '[1,2]', 'malformed', null],
    ['JSON null', 'null', 'malformed', null],
    ['JSON number', '42', 'malformed', null],
    ['no type', JSON.stringify({ v: 1 }), 'unknown-type', 'type'],
    ['unknown type', JSON.stringify({ v: 1, type: 'launch' }), 'unknown-type', 'type'],
    ['server-only type from a client', JSON.stringify({ v: 1, type: 'welcome' }), 'unknown-type', 'type'],
    ['wrong version', JSON.stringify({ ...hello, v: 99 }), 'version', 'v'],
    ['missing version', JSON.stringify({ type: 'undo' }), 'version', 'v'],
    ['empty annotator', JSON.stringify({ ...hello, annotator: ' ' }), 'invalid', 'annotator'],
    ['annotator with markup', JSON.stringify({ ...hello, annotator: '<b>x</b>' }), 'invalid', 'annotator'],
    ['unknown flow', JSON.stringify({ ...hello, flow: 'binary' }), 'invalid', 'flow'],
    ['extra key', JSON.stringify({ ...hello, admin: true }), 'invalid', '(root)'],
    ['bad winner', JSON.stringify({ ...label, label: { kind: 'pair', winner: 'C' } }), 'invalid', 'label.winner'],
    ['unknown label kind', JSON.stringify({ ...label, label: { kind: 'vote' } }), 'invalid', 'label.kind'],
    ['negative query id', JSON.stringify({ ...label, queryId: -1 }), 'invalid', 'queryId'],
    ['query id as string', JSON.stringify({ ...label, queryId: '3' }), 'invalid', 'queryId'],
    [
      'duplicate ranking entry',
      JSON.stringify({ ...label, label: { kind: 'ranking', order: [1, 1], rest: [] } }),
      'invalid',
      'label.order.1',
    ],
    [
      'triplet repeats',
      JSON.stringify({ ...label, label: { kind: 'triplet', best: 1, middle: 1, worst: 2 } }),
      'invalid',
      'label.best',
    ],
    ['negative response time', JSON.stringify({ ...label, responseMs: -5 }), 'invalid', 'responseMs'],
  ])('%s', (_name, text, code, field) => {
    const r = parseMessage(text, 'server');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.code).toBe(code);
      expect(r.issue.field).toBe(field);
      expect(r.issue.message.length).toBeGreaterThan(5);
    }
  });

  test('oversized message is refused before parsing', () => {
    const text = JSON.stringify({ ...hello, annotator: 'x'.repeat(MAX_CONTROL_BYTES) });
    const r = parseMessage(text, 'server');
    expect(r).toMatchObject({ ok: false, issue: { code: 'oversized', field: null } });
  });

  test('multi-byte text counts bytes, not characters', () => {
    const text = JSON.stringify({ ...hello, annotator: 'é'.repeat(MAX_CONTROL_BYTES / 2) });
    expect(text.length).toBeLessThan(MAX_CONTROL_BYTES);
    expect(parseMessage(text, 'server')).toMatchObject({ ok: false, issue: { code: 'oversized' } });
  });

  test('client refuses client-only types', () => {
    expect(parseMessage(JSON.stringify(hello), 'client')).toMatchObject({ ok: false, issue: { code: 'unknown-type' } });
  });

  test('error messages read as field, expectation and found value', () => {
    const r = parseMessage(JSON.stringify({ ...label, label: { kind: 'pair', winner: 'C' } }), 'server');
    expect(!r.ok && r.issue.message).toMatchInlineSnapshot(
      `"field label.winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")"`,
    );
  });
});
