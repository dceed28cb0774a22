// Loads a one-file CommonJS bundle through V8's code cache, written beside it (FILE.cache) by the build, so that
// its code is not parsed and compiled again at every start: Node 20 has no compile cache of its own. A cache
// that V8 refuses (another Node version) only costs the compilation it would have saved.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** Compiles `source` (the text of `file`) as Node compiles a CommonJS module, with `cachedData` when given. */
function compileBundle(file, source, cachedData) {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new Script(wrapped, { filename: file, cachedData });
}

/** Runs a compiled bundle as the module `file` and returns its exports. */
function runBundle(script, file) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** The exports of the bundle `file`, compiled from FILE.cache when there is one. */
function loadBundle(file) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  return runBundle(compileBundle(file, readFileSync(file, 'utf8'), cachedData), file);
}

module.exports = { compileBundle, runBundle, loadBundle };
