#!/usr/bin/env node
// The installed command. It runs the bundle (dist-cli/netpol-lab.mjs: one file, no dependencies, nothing
// compiled at start), made by `npm run build` and by `npm pack`. In a checkout, where the sources sit
// beside it, the bundle is used only while it is newer than every source it was built from; otherwise
// (a fresh clone before any build, or sources changed since) the TypeScript sources run through tsx, a
// dev dependency, so `npx netpol-lab` works right after `npm install` or `npm ci` (DESIGN 2.1) and always
// answers with the code that is there.
import { existsSync, readdirSync, statSync } from 'node:fs';

const bundle = new URL('../dist-cli/netpol-lab.mjs', import.meta.url);
const sources = ['../src/cli/', '../src/engine/', '../package.json'].map((p) => new URL(p, import.meta.url));

/** Tests and test data are not in the bundle: editing them leaves it fresh. */
const notBundled = (name) => /\.test\.ts$/.test(name) || name === 'testdata' || name === 'testing';

/** Newest modification time under `url` (a few hundred files: a few milliseconds). */
function newest(url) {
  const info = statSync(url);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const entry of readdirSync(url, { withFileTypes: true })) {
    if (notBundled(entry.name)) continue;
    const child = new URL(entry.name + (entry.isDirectory() ? '/' : ''), url);
    max = Math.max(max, entry.isDirectory() ? newest(child) : statSync(child).mtimeMs);
  }
  return max;
}

const inCheckout = existsSync(sources[0]);
const fresh =
  existsSync(bundle) &&
  (!inCheckout || statSync(bundle).mtimeMs >= Math.max(...sources.map((url) => newest(url))));
if (fresh) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/bin.ts');
}
