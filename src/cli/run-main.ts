/**
 * The tail every command line tool shares: run `main`, exit with the code it returns; a failure
 * becomes the exit code `onError` gives after it printed what the operator should read.
 */
export function runMain(
  main: () => Promise<number>,
  onError: (error: unknown) => number = printMessage,
): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => process.exit(onError(error)),
  );
}

/** Prints an error's message without its stack (a tool's failures are mostly bad input) and answers 1. */
export function printMessage(error: unknown): number {
  console.error(error instanceof Error ? error.message : error);
  return 1;
}
