// isFromHost with stand-in windows: the cases a single browser origin cannot stage (another
// origin, a source without frames). The browser test (test/browser/formPage.test.ts) covers the
// rest in Chromium, framed like a real webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFromHost } from '../../src/webview/hostSender';

const ORIGIN = 'http://127.0.0.1:40087';
const page = { origin: ORIGIN } as unknown as Window;
const outerFrame = { 0: { origin: ORIGIN }, 1: page } as unknown as Window;
const sibling = { 0: { origin: ORIGIN } } as unknown as Window;
const host = { origin: ORIGIN, source: outerFrame, isTrusted: true };

test('the window holding the page as a frame, on its origin, is the host', () => {
  assert.equal(isFromHost(host, page), true);
});

test('anything else is not', () => {
  assert.equal(isFromHost({ ...host, origin: 'http://localhost:40087' }, page), false, 'another origin');
  assert.equal(isFromHost({ ...host, origin: 'null' }, page), false, 'an opaque origin');
  assert.equal(isFromHost({ ...host, isTrusted: false }, page), false, 'a made-up event');
  assert.equal(isFromHost({ ...host, source: page }, page), false, 'the page itself');
  assert.equal(isFromHost({ ...host, source: sibling }, page), false, 'a window that does not hold the page');
  assert.equal(isFromHost({ ...host, source: null }, page), false, 'no source');
  assert.equal(isFromHost({ ...host, source: {} }, page), false, 'a MessagePort-like source');
  const throwing = new Proxy({}, { get: () => { throw new Error('blocked'); } });
  assert.equal(isFromHost({ ...host, source: throwing }, page), false, 'a source whose frames cannot be read');
});
