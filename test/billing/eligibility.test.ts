import { describe, expect, it } from 'vitest';
import { asIsoDate, eligibilityFlags } from '../../app/billing';
import { info, month } from './helpers';

const oct = month('2026-10');
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('eligibilityFlags', () => {
  it('flags nothing for an eligible license', () => {
    expect(eligibilityFlags(info({ edition: 'Enterprise', version: '100.0.6919', maintenanceExpires: asIsoDate('2027-06-30') }), oct)).toEqual([]);
  });

  it('flags nothing when nothing is known', () => {
    expect(eligibilityFlags(null, oct)).toEqual([]);
    expect(eligibilityFlags(info(), oct)).toEqual([]);
  });

  describe('edition', () => {
    it('accepts Enterprise in any letter case, and editions that start with it', () => {
      for (const edition of ['Enterprise', 'enterprise', 'ENTERPRISE', 'Enterprise Edition', 'enterprise-hosted', ' Enterprise ']) {
        expect(eligibilityFlags(info({ edition }), oct), edition).toEqual([]);
      }
    });

    it('flags another edition with the reason', () => {
      expect(eligibilityFlags(info({ edition: 'Professional' }), oct)).toEqual([
        { code: 'not-enterprise', message: 'Edition is Professional, not Enterprise' },
      ]);
      for (const edition of ['Free', 'Pro', 'SmarterMail Enterprise', 'Ent']) {
        expect(codes(eligibilityFlags(info({ edition }), oct)), edition).toEqual(['not-enterprise']);
      }
    });

    it('treats an empty edition as unknown', () => {
      expect(eligibilityFlags(info({ edition: '' }), oct)).toEqual([]);
      expect(eligibilityFlags(info({ edition: '  ' }), oct)).toEqual([]);
    });
  });

  describe('version', () => {
    it('flags a version older than 12.3.5308 with the reason', () => {
      expect(eligibilityFlags(info({ version: '12.2.1000' }), oct)).toEqual([
        { code: 'version-too-old', message: 'Version 12.2.1000 is older than 12.3.5308' },
      ]);
      for (const version of ['12.3.5307', '12.3', '9.9.9999', '1']) {
        expect(codes(eligibilityFlags(info({ version }), oct)), version).toEqual(['version-too-old']);
      }
    });

    it('accepts 12.3.5308 and later, 100.x included', () => {
      for (const version of ['12.3.5308', '12.3.5308.0', '12.3.5309', '15.7.6500', '17.0.6964', '100.0.6919']) {
        expect(eligibilityFlags(info({ version }), oct), version).toEqual([]);
      }
    });

    it('treats an unknown or unreadable version as unknown', () => {
      for (const version of [null, '', 'unknown', '12.2.x', 'v12.2']) {
        expect(eligibilityFlags(info({ version }), oct), String(version)).toEqual([]);
      }
    });
  });

  describe('maintenance & support', () => {
    it('flags maintenance that ends before the last day of the month', () => {
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-10-20') }), oct)).toEqual([
        { code: 'maintenance-expired', message: 'Maintenance & support expired on 2026-10-20' },
      ]);
      expect(codes(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-10-30') }), oct))).toEqual(['maintenance-expired']);
      expect(codes(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2025-01-01') }), oct))).toEqual(['maintenance-expired']);
    });

    it('accepts maintenance that lasts to the end of the month or later', () => {
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-10-31') }), oct)).toEqual([]);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-11-01') }), oct)).toEqual([]);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2030-01-01') }), oct)).toEqual([]);
    });

    it('uses the month\'s own last day (28, 29, 30 days)', () => {
      expect(codes(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2028-02-28') }), month('2028-02')))).toEqual(['maintenance-expired']);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2028-02-29') }), month('2028-02'))).toEqual([]);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-02-28') }), month('2026-02'))).toEqual([]);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-09-30') }), month('2026-09'))).toEqual([]);
      expect(codes(eligibilityFlags(info({ maintenanceExpires: asIsoDate('2026-09-30') }), oct))).toEqual(['maintenance-expired']);
    });

    it('treats an unknown expiry as unknown', () => {
      expect(eligibilityFlags(info({ maintenanceExpires: null }), oct)).toEqual([]);
      expect(eligibilityFlags(info({ maintenanceExpires: asIsoDate('someday') }), oct)).toEqual([]);
    });
  });

  it('gives every reason, in the order edition, version, maintenance', () => {
    const flags = eligibilityFlags(info({ edition: 'Professional', version: '12.2.1000', maintenanceExpires: asIsoDate('2026-10-20') }), oct);
    expect(flags).toEqual([
      { code: 'not-enterprise', message: 'Edition is Professional, not Enterprise' },
      { code: 'version-too-old', message: 'Version 12.2.1000 is older than 12.3.5308' },
      { code: 'maintenance-expired', message: 'Maintenance & support expired on 2026-10-20' },
    ]);
  });
});
