/**
 * The local page: `GET /` on the intake shows what it received (intake/page/: plain ES modules and CSS, no build
 * step), each metric drawn by the type the intake describes for it (routes/metadata.ts), one function at a time
 * (routes/functions.ts), the forwarder's time split into work and waiting, a time range and a tag filter. The page
 * only reads the /_intake paths; nothing here changes the store.
 *
 * Files are read on each request (the page is for people, a few requests a second at most), so an edit to
 * intake/page/ shows on reload. uPlot comes from node_modules as its own package ships it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorReply } from '../replies.js';
import type { Router } from '../router.js';
import type { Reply } from '../types.js';

export const PagePath = {
  index: '/',
  /** A script or style sheet of intake/page/, by its file name. */
  file: '/_page/:file',
} as const;

const PAGE_DIR = fileURLToPath(new URL('../page/', import.meta.url));
const ContentType = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;
/** uPlot's own files, served under page-file names (`/_page/uplot.js`, `/_page/uplot.css`). */
const UPLOT_FILES: Readonly<Record<string, readonly [string, string]>> = {
  'uplot.js': ['uPlot.iife.min.js', ContentType.js],
  'uplot.css': ['uPlot.min.css', ContentType.css],
};
/** A page file's name: letters, digits and dashes, then .js or .css (so no path can leave intake/page/). */
const PAGE_FILE = /^[a-z0-9-]+\.(js|css)$/;

function uplotDir(): string {
  return dirname(createRequire(import.meta.url).resolve('uplot'));
}

async function file(path: string, contentType: string): Promise<Reply> {
  try {
    const raw = await readFile(path);
    return { status: 200, body: undefined, raw, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-cache' } };
  } catch {
    return errorReply(404, `page file missing: ${path}`);
  }
}

function pageFile(name: string): Promise<Reply> {
  const match = PAGE_FILE.exec(name);
  if (!match) return Promise.resolve(errorReply(404, `no page file ${name}`));
  return file(join(PAGE_DIR, name), ContentType[match[1] as 'js' | 'css']);
}

export function registerPageRoutes(router: Router): void {
  router.add(
    { method: 'GET', path: PagePath.index, kind: 'control', handle: () => file(join(PAGE_DIR, 'index.html'), ContentType.html) },
    {
      method: 'GET',
      path: PagePath.file,
      kind: 'control',
      handle: ({ params }) => {
        const name = params.file ?? '';
        const uplot = UPLOT_FILES[name];
        return uplot ? file(join(uplotDir(), uplot[0]), uplot[1]) : pageFile(name);
      },
    },
  );
}
