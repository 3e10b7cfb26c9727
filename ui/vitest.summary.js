// Closes `npm test` with a cargo-style line (`test result: ok. N passed; M failed;`) so that
// scripts/test folds the UI's unit tests into the suite's total.

/** @param {any[]} tasks */
function count(tasks, tally = { passed: 0, failed: 0 }) {
  for (const task of tasks) {
    if (task.type === 'test') {
      if (task.result?.state === 'pass') tally.passed++;
      else if (task.result?.state === 'fail') tally.failed++;
    } else if (task.tasks) count(task.tasks, tally);
  }
  return tally;
}

export default class SummaryReporter {
  /** @param {any[]} [files] @param {unknown[]} [errors] */
  onFinished(files = [], errors = []) {
    const { passed, failed } = count(files);
    // An error outside any test (a file that fails to load) counts as a failure.
    const broken = failed + errors.length + files.filter((f) => f.result?.state === 'fail' && !f.tasks?.length).length;
    console.log(`\ntest result: ${broken ? 'FAILED' : 'ok'}. ${passed} passed; ${broken} failed; 0 ignored; (vitest)`);
  }
}
