// Builds the explorer page into ../dist: the HTML as written, a script
// bundle for each page (the explorer with Cytoscape.js and its fcose
// layout; the document view) and one stylesheet, each minified, with the
// licences of what the bundles contain. The output depends only on the
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
for (const [src, dst] of [['main.js', 'app.js'], ['doc.js', 'doc.js']]) {
  await build({
    ...common,
    entryPoints: [join(here, 'src', src)],
    outfile: join(out, dst),
    format: 'iife',
    target: ['es2020'],
  });
}
await build({
  ...common,
  entryPoints: [join(here, 'src', 'style.css')],
  outfile: join(out, 'app.css'),
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'src', 'doc.html'), join(out, 'doc.html'));
for (const pkg of ['cytoscape', 'cytoscape-fcose', 'cose-base', 'layout-base']) {
  copyFileSync(join(here, 'node_modules', pkg, 'LICENSE'), join(out, `${pkg}.LICENSE.txt`));
}
