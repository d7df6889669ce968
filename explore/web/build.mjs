// Builds the explorer page into ../dist: the HTML as written, one script
// bundle (our code and Cytoscape.js) and one stylesheet, each minified, with
// the licences of what the bundle contains. The output depends only on the
// sources and the versions locked in package-lock.json, so `go generate
// ./explore` leaves no diff when nothing changed.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(here, 'src', 'main.js')],
  outfile: join(out, 'app.js'),
  format: 'iife',
  target: ['es2020'],
});
await build({
  ...common,
  entryPoints: [join(here, 'src', 'style.css')],
  outfile: join(out, 'app.css'),
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'node_modules', 'cytoscape', 'LICENSE'), join(out, 'cytoscape.LICENSE.txt'));
