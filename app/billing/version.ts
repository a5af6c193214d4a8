// SmarterMail versions: dotted whole numbers compared part by part as numbers,
// so 100.0.6919 is later than 17.0.6964 (SPEC §3).

/** The first SmarterMail version that supports Flex Billing. */
export const MIN_FLEX_VERSION = '12.3.5308';

const VERSION = /^\d+(?:\.\d+)*$/;

/** One or more dot-separated whole numbers: "100", "12.3.5308". */
export function isValidVersion(s: string): boolean {
  return VERSION.test(s);
}

function parts(v: string): string[] {
  if (!isValidVersion(v)) throw new Error(`Not a version (like 12.3.5308): "${v}"`);
  // Compared as digit strings without leading zeros, so no part is too long for a number.
  return v.split('.').map((p) => p.replace(/^0+(?=\d)/, ''));
}

function compareParts(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** < 0 when a is older than b, 0 when the same (missing parts count as 0), > 0 when newer. */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = compareParts(pa[i] ?? '0', pb[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}
