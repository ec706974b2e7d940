/* global process, setInterval */
// Preloaded (`node --require`) into the service processes the e2e tests spawn: if the test runner
// dies without killing them (a crash, a forgotten process), they notice they were orphaned and go too.
// It only adds an unref'd timer, so the service behaves exactly as it does for an operator.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 500).unref();
