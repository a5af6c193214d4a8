#!/usr/bin/env node
'use strict';
// The installed `flexbill` command. The TypeScript sources are bundled into
// dist/ by `npm install` (postinstall) or `npm run build:core`.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(entry)) {
  console.error('flexbill: the command line is not built yet; run `npm run build:core` in ' + path.dirname(__dirname));
  process.exit(2);
}
require(entry).runFromProcess();
