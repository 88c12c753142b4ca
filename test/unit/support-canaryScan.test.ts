// The leak search the whole test run relies on: it must find a canary wherever it is embedded.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Canaries, filesUnder } from '../support/canaryScan';

const secret = 'q9Zx+/Tk3mW8pR2vL0aB7cD4eF6gH1jK5nP8sU0yA3==';
const canaries = new Canaries(new Set([secret, 'admin_pw-0123456789']));

test('a canary is found inside longer runs, JSON, URLs and binary neighbours', () => {
  assert.equal(canaries.foundIn(`token=${secret}&x=1`), true);
  assert.equal(canaries.foundIn(`{"clientsecret":"${secret}"}`), true);
  assert.equal(canaries.foundIn(`AAAA${secret}BBBB`), true, 'embedded in a longer run of the same characters');
  assert.equal(canaries.foundIn(`\u0000\u0001admin_pw-0123456789\u0002`), true);
  assert.equal(canaries.foundIn(secret.slice(0, -1)), false);
  assert.equal(canaries.foundIn('nothing here at all, not even close'), false);
});

test('files: found by path, in nested folders, read as bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-scan-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'state.vscdb'), Buffer.concat([Buffer.from([0, 255, 3]), Buffer.from(secret), Buffer.from([0])]));
    writeFileSync(join(dir, 'clean.log'), 'no secret');
    assert.deepEqual(canaries.filesContaining(filesUnder(dir)), [join(dir, 'a', 'b', 'state.vscdb')]);
    assert.deepEqual(filesUnder(join(dir, 'missing')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a canary the search could never find is refused', () => {
  assert.throws(() => new Canaries(new Set(['short'])), /12 or more characters/);
  assert.throws(() => new Canaries(new Set(['has.a.dot.that.breaks.runs'])), /12 or more characters/);
});
