// The checks' bookkeeping: check(name, fn) counts fn as passed unless it throws
// or returns false (and then prints why); done() prints the closing line
// "acceptance: N passed, M failed", which the Go tests read, and throws when
// anything failed, so the script exits 1.
const results = {passed: 0, failed: 0};

function check(name, fn) {
  try {
    if (fn() === false) throw new Error('returned false');
    results.passed++;
  } catch (e) {
    results.failed++;
    console.log('FAIL ' + name + ': ' + (e && e.message ? e.message : e));
  }
}

function done() {
  console.log('acceptance: ' + results.passed + ' passed, ' + results.failed + ' failed');
  if (results.failed > 0) throw new Error(results.failed + ' acceptance checks failed');
}

module.exports = {check, done};
