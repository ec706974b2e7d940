import { parseArgs } from 'node:util';
import { runMain } from './run-main';
import { formatLoadTest, runLoadTest, type LoadTestOptions } from '../loadtest/load-test';

const usage = `usage: npm run loadtest -- --url URL --key API_KEY [--rate 200] [--duration 60]
                            [--wait 5] [--chars 150] [--drain 30]

Posts realistic comments to a deployment as one site, at --rate per second for --duration
seconds, with progress on stderr; then prints the latency distribution of the 202 answers and
the time to each verdict (Prefer: wait=--wait seconds, then polling; --wait 0 polls only), and
stops by itself at most --drain seconds after the last comment. Every comment is stored and
moderated for real: use a site made for testing, with a RATE_LIMIT_PER_MINUTE above the rate.`;

class UsageError extends Error {}

/** The options from the command line; throws UsageError naming what is wrong. */
export function parseLoadTestArgs(argv: string[]): LoadTestOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      rate: { type: 'string', default: '200' },
      duration: { type: 'string', default: '60' },
      wait: { type: 'string', default: '5' },
      chars: { type: 'string', default: '150' },
      drain: { type: 'string', default: '30' },
    },
  });
  const number = (name: keyof typeof values, min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
    }
    return value;
  };
  if (!values.url || !/^https?:\/\//.test(values.url)) throw new UsageError('--url http(s)://… is required');
  if (!values.key) throw new UsageError('--key (a site API key) is required');
  return {
    url: values.url,
    key: values.key,
    rate: number('rate', 0.1, 100_000),
    durationS: number('duration', 0.1, 86_400),
    waitS: Math.floor(number('wait', 0, 10)),
    chars: Math.floor(number('chars', 10, 20_000)),
    drainS: number('drain', 0, 3_600),
  };
}

async function main(argv: string[]): Promise<number> {
  let options: LoadTestOptions;
  try {
    options = parseLoadTestArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const result = await runLoadTest(options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(formatLoadTest(options, result));
  return result.accepted.count + result.verdict.count > 0 ? 0 : 1;
}

if (require.main === module) {
  // The whole error, stack included: a load test's failure is a bug to chase, not bad input.
  runMain(
    () => main(process.argv.slice(2)),
    (error) => {
      console.error(error);
      return 1;
    },
  );
}
