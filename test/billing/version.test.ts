import { describe, expect, it } from 'vitest';
import { compareVersions, isValidVersion, MIN_FLEX_VERSION } from '../../app/billing';

describe('compareVersions', () => {
  it('compares part by part as numbers (SPEC §3)', () => {
    const ordered = ['9.9', '12.2.1000', '12.3', '12.3.5307', '12.3.5308', '12.3.5308.1', '15.7.6500', '17.0.6964', '100.0.6919', '100.0.8665'];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const a = ordered[i] as string;
        const b = ordered[j] as string;
        expect(Math.sign(compareVersions(a, b)), `${a} vs ${b}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('is not a string comparison', () => {
    expect(compareVersions('100.0.6919', '17.0.6964')).toBeGreaterThan(0);
    expect(compareVersions('12.10', '12.9')).toBeGreaterThan(0);
  });

  it('counts missing parts as 0 and ignores leading zeros', () => {
    expect(compareVersions('12.3', '12.3.0')).toBe(0);
    expect(compareVersions('12', '12.0.0.0')).toBe(0);
    expect(compareVersions('12.03.05308', '12.3.5308')).toBe(0);
    expect(compareVersions('12.3', '12.3.1')).toBeLessThan(0);
  });

  it('handles parts too long for a number', () => {
    expect(compareVersions('1.99999999999999999999', '1.99999999999999999998')).toBeGreaterThan(0);
  });

  it('throws on what is not a version', () => {
    for (const bad of ['', 'v12.3', '12.3.a', '12..3', '12.3.', '.12', ' 12.3', '12.3-beta', 'unknown']) {
      expect(() => compareVersions(bad, '12.3.5308'), bad).toThrow(/Not a version/);
      expect(() => compareVersions('12.3.5308', bad), bad).toThrow(/Not a version/);
    }
  });
});

describe('isValidVersion', () => {
  it('accepts one or more dot-separated whole numbers', () => {
    for (const good of ['12', '12.3', '12.3.5308', '100.0.6919', '0.0.1']) expect(isValidVersion(good), good).toBe(true);
    for (const bad of ['', '.', '12.', '.3', 'a.b', '12.3-beta', '12 3', '-1.2', '1.2e3']) expect(isValidVersion(bad), bad).toBe(false);
  });

  it('knows the first Flex Billing version', () => {
    expect(MIN_FLEX_VERSION).toBe('12.3.5308');
  });
});
