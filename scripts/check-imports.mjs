// `npm run lint` part two: the source's import graph. Imports only go down the layers
//   core <- app <- host, features <- extension.ts, testing/   (shared: protocol and form model,
//   over core; webview: over shared and core; cli: over core)
// and no file imports itself through others (a cycle). Type-only imports count too: a cycle of
// types is still two modules that cannot be understood one without the other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each layer may import (besides itself); anything not listed is a layer violation. */
export const ALLOWED = {
  core: [],
  app: ['core'],
  shared: ['core'],
  host: ['core', 'app', 'shared'],
  features: ['core', 'app', 'shared', 'host'],
  webview: ['core', 'shared'],
  cli: ['core'],
  testing: ['core', 'app', 'shared', 'host', 'features'],
  top: ['core', 'app', 'shared', 'host', 'features', 'testing'],
};

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The layer of a file under src/: its first folder, or "top" for src/*.ts. */
export function layerOf(srcRelative) {
  const [first, ...rest] = srcRelative.split('/');
  return rest.length === 0 ? 'top' : first;
}

/** { file: [imported files] } for every .ts file under `src` (paths relative to `src`). */
export function importGraph(src) {
  const files = walk(src);
  const known = new Set(files);
  const graph = {};
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    graph[file] = [];
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const target = normalize(join(dirname(file), spec)).replace(/\\/g, '/');
      const resolved = [`${target}.ts`, `${target}/index.ts`, target].find((candidate) => known.has(candidate));
      if (resolved) graph[file].push(resolved);
    }
  }
  return graph;
}

export function layerViolations(graph) {
  const problems = [];
  for (const [file, targets] of Object.entries(graph)) {
    const from = layerOf(file);
    for (const target of targets) {
      const to = layerOf(target);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) problems.push(`${file} imports ${target}: ${from} may not import ${to}`);
    }
  }
  return problems;
}

/** Every cycle, as the files on it (Tarjan's strongly connected components of size > 1). */
export function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph[node] ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph[node] ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of Object.keys(graph)) if (!index.has(node)) visit(node);
  return found;
}

function walk(root, dir = root) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(root, path);
    return name.endsWith('.ts') ? [relative(root, path).replace(/\\/g, '/')] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = importGraph(join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const problems = [...layerViolations(graph), ...cycles(graph).map((cycle) => `import cycle: ${cycle.join(' -> ')}`)];
  for (const problem of problems) console.error(`check-imports: ${problem}`);
  process.exit(problems.length ? 1 : 0);
}
