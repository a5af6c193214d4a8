#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=100
'use strict';
// The installed `flexbill` command. The TypeScript sources are bundled into
// dist/ by `npm install` (postinstall) or `npm run build:core`. Node runs it with the
// flags of its first line (why: app/node-flags.ts).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(entry)) {
  console.error('flexbill: the command line is not built yet; run `npm run build:core` in ' + path.dirname(__dirname));
  process.exit(2);
}
require(entry).runFromProcess();
