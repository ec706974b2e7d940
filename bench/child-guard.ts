/**
 * Preloaded (`node --require`) into every process the bench starts, including the real api and
 * worker: when the bench dies without cleaning up, the IPC channel closes and the child exits too,
 * so no server keeps running in the background. The channel is unref'd so it never keeps a child alive.
 */
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.exit(1));
}
