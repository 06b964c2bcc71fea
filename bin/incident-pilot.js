#!/usr/bin/env node
// Thin launcher: the CLI is bundled in dist/bundle/ (built by `npm install` through the prepare script).
import module from 'node:module';

// Node 22.1+ keeps the compiled code of the bundle on disk: every later start (the CLI and each server subprocess
// it spawns) skips most of the parsing. The cache lives in the OS temp dir and is checked against the source.
module.enableCompileCache?.();

import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle/main.js')) {
    process.stderr.write('incident-pilot: not built yet; run `npm install` (or `npm run build`) in the package directory\n');
    process.exit(1);
  }
  throw err;
});
