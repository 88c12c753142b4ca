// The import rules of `npm run lint` (scripts/check-imports.mjs): layers only import downwards and
// nothing imports itself through others. Checked on made-up trees (so the check can fail) and on src.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
// @ts-expect-error: a plain ES module script without type declarations
import { cycles, importGraph, layerViolations } from '../../scripts/check-imports.mjs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'whmcs-oauth-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('an import that goes up a layer is reported', () => {
  const root = tree({
    'core/a.ts': "import { b } from '../app/b';\n",
    'app/b.ts': "import type { c } from '../core/c';\nexport const b = 1;\n",
    'core/c.ts': 'export type c = 1;\n',
  });
  try {
    assert.deepEqual(layerViolations(importGraph(root)), ['core/a.ts imports app/b.ts: core may not import app']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a cycle is reported, type-only imports included', () => {
  const root = tree({
    'webview/view.ts': "import type { Section } from './section';\nexport interface View {}\n",
    'webview/section.ts': "import type { View } from './view';\nexport interface Section {}\n",
    'webview/free.ts': "import { x } from './leaf';\n",
    'webview/leaf.ts': 'export const x = 1;\n',
  });
  try {
    assert.deepEqual(cycles(importGraph(root)), [['webview/section.ts', 'webview/view.ts']]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('src keeps the rules', () => {
  const graph = importGraph(resolve(__dirname, '../../src'));
  assert.ok(Object.keys(graph).length > 50, 'the graph covers src');
  assert.deepEqual(layerViolations(graph), []);
  assert.deepEqual(cycles(graph), []);
});
