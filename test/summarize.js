// Prints `N passed, N failed` from jest's JSON result; a suite that failed to run counts as one failure.
const { readFileSync, existsSync } = require('node:fs');

const file = process.argv[2];
if (!file || !existsSync(file)) {
  process.stdout.write('0 passed, 1 failed\n');
  process.stderr.write(`no jest result at ${file}: the run stopped before jest finished\n`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const failed = r.numFailedTests + brokenSuites;
process.stdout.write(`${r.numPassedTests} passed, ${failed} failed\n`);
process.exit(failed === 0 && r.success ? 0 : 1);
