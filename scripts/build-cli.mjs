// Bundles the CLI into one ES module with a shebang (dist-cli/netpol-lab.mjs), its dependencies inside,
// so that the installed package needs nothing at run time; writes their licence notices beside it.
import { build } from 'esbuild';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node scripts/build-cli.mjs [OUT_DIR]`: dist-cli/ unless a test builds a bundle of its own.
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist-cli');
const outfile = join(outDir, 'netpol-lab.mjs');
const result = await build({
  entryPoints: [join(root, 'src/cli/bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Less to parse at every start; the CLI prints no stack traces, so names are not needed.
  minify: true,
  legalComments: 'none',
  // Bundled CommonJS packages (yaml) require Node built-ins; an ES module has no `require` of its own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __netpolCreateRequire } from 'node:module';\nconst require = __netpolCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
  write: false,
});
// Written whole and renamed into place, so a CLI started meanwhile reads the old bundle or the new one.
mkdirSync(dirname(outfile), { recursive: true });
const partial = `${outfile}.${process.pid}.tmp`;
writeFileSync(partial, result.outputFiles[0].contents);
chmodSync(partial, 0o755);
renameSync(partial, outfile);

// Every package that went into the bundle, with its licence text (MIT and ISC require it with copies).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.set(m[1], join(root, input.slice(0, m.index), 'node_modules', m[1]));
}
const notices = [...packages]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, dir]) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : '';
    return `${name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
  });
const noticesFile = join(outDir, `THIRD-PARTY-LICENSES.txt.${process.pid}.tmp`);
writeFileSync(
  noticesFile,
  `The netpol-lab CLI bundle (${relative(outDir, outfile)}) contains these packages:\n\n${notices.join('\n---\n\n')}`,
);
renameSync(noticesFile, join(outDir, 'THIRD-PARTY-LICENSES.txt'));
