import type { z } from 'zod';
import { CHECK_NAMES, checkSettingsSchema, defaultPolicy, policySchema, type Policy } from './policy';

/** A part of a stored policy that the current schema cannot take, and what was done instead. */
export interface PolicyProblem {
  /** Where in the policy, e.g. `checks.links.weight`; empty for the policy as a whole. */
  path: string;
  message: string;
}

/** A stored policy as the service applies it, with what had to be dropped or defaulted. */
export interface PolicyReading {
  policy: Policy;
  problems: PolicyProblem[];
}

type Shape = Readonly<Record<string, z.ZodType>>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The keys of `value` that its schema takes, each read on its own: a bad one is reported and left to its default. */
function readKeys(
  shape: Shape,
  value: unknown,
  path: string,
  problems: PolicyProblem[],
  readKey: (key: string, value: unknown) => unknown = (key, v) => shape[key]!.safeParse(v),
): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  if (value === undefined || value === null) return read;
  if (!isObject(value)) {
    problems.push({ path, message: 'is not an object; the defaults are used' });
    return read;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = join(path, key);
    if (!Object.hasOwn(shape, key)) {
      problems.push({ path: at, message: 'is not a setting; ignored' });
      continue;
    }
    const parsed = readKey(key, item) as z.ZodSafeParseResult<unknown>;
    if (parsed.success) read[key] = parsed.data;
    else
      problems.push({
        path: at,
        message: `${parsed.error.issues[0]?.message ?? 'is invalid'}; the default is used`,
      });
  }
  return read;
}

/** `checks`: each known check's settings read field by field, unknown check names dropped. */
function readChecks(value: unknown, problems: PolicyProblem[]) {
  const names = Object.fromEntries(CHECK_NAMES.map((name) => [name, checkSettingsSchema]));
  const checks = readKeys(names, value, 'checks', problems, (name, settings) =>
    checkSettingsSchema.safeParse(readKeys(checkSettingsSchema.shape, settings, `checks.${name}`, problems)),
  );
  return { success: true, data: checks } as const;
}

/**
 * Reads a policy as stored (written by an older version, or edited by hand) leniently: unknown
 * keys are dropped, a value the current schema refuses falls back to its default, and each is
 * reported. Never throws, so a bad stored policy cannot poison the comments of its site. This is
 * the only way a stored policy becomes a Policy.
 */
export function readPolicy(stored: unknown): PolicyReading {
  const problems: PolicyProblem[] = [];
  const read = readKeys(policySchema.shape, stored, '', problems, (key, value) =>
    key === 'checks' ? readChecks(value, problems) : policySchema.shape[key as keyof Policy].safeParse(value),
  );
  const parsed = policySchema.safeParse(read);
  if (parsed.success) return { policy: parsed.data, problems };
  // Every key passed on its own, so the rule across keys failed: reject at or above review.
  // The two thresholds belong together, so both take their defaults.
  const issue = parsed.error.issues[0];
  problems.push({
    path: issue?.path.join('.') ?? '',
    message: `${issue?.message ?? 'is invalid'}; both thresholds take their defaults`,
  });
  delete read.reviewThreshold;
  delete read.rejectThreshold;
  const retried = policySchema.safeParse(read);
  if (retried.success) return { policy: retried.data, problems };
  problems.push({ path: '', message: 'cannot be read; the default policy is used' });
  return { policy: defaultPolicy, problems };
}

/**
 * readPolicy of a policy stored as JSON text, remembered per distinct text: a worker reads the same
 * few policies for every comment, and parsing and validating each copy cost as much as a check.
 * A changed policy is a different text, so it is read afresh. At most `capacity` texts are kept.
 * The readings are shared: nothing may change them.
 */
export function createStoredPolicyReader(capacity = 64): (text: string | null) => PolicyReading {
  const readings = new Map<string | null, PolicyReading>();
  return (text) => {
    let reading = readings.get(text);
    if (!reading) {
      reading = readPolicy(text === null ? null : JSON.parse(text));
      if (readings.size >= capacity) readings.clear();
      readings.set(text, reading);
    }
    return reading;
  };
}
