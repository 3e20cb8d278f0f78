/**
 * The command-line scripts' shared handling of `--help` and bad flags: `--help` prints the usage
 * and exits 0; the returned `fail` prints a message and the usage and exits 2.
 */
export function usageOrFail(usage: string, help: boolean): (message: string) => never {
  if (help) {
    console.log(usage);
    process.exit(0);
  }
  return (message) => {
    console.error(`${message}\n\n${usage}`);
    process.exit(2);
  };
}
