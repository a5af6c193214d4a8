// Who may be billed under Flex Billing (SPEC §3): Enterprise, 12.3.5308 or later,
// maintenance & support current. A failure is a flag, never a reason to skip the
// license; what is unknown is shown as unknown, not flagged.

import { isIsoDate, lastDayOfMonth } from './calendar';
import type { Flag, IsoMonth, LicenseInfo } from './types';
import { compareVersions, isValidVersion, MIN_FLEX_VERSION } from './version';

function editionFlag(edition: string | null): Flag | null {
  const text = edition?.trim() ?? '';
  if (text === '') return null;
  if (text.toLowerCase().startsWith('enterprise')) return null;
  return { code: 'not-enterprise', message: `Edition is ${text}, not Enterprise` };
}

function versionFlag(version: string | null): Flag | null {
  const text = version?.trim() ?? '';
  // An unreadable version is as good as unknown.
  if (!isValidVersion(text)) return null;
  if (compareVersions(text, MIN_FLEX_VERSION) >= 0) return null;
  return { code: 'version-too-old', message: `Version ${text} is older than ${MIN_FLEX_VERSION}` };
}

function maintenanceFlag(expires: string | null, month: IsoMonth): Flag | null {
  if (expires === null || !isIsoDate(expires)) return null;
  // Current means covering the whole month, up to its last day.
  if (expires >= lastDayOfMonth(month)) return null;
  return { code: 'maintenance-expired', message: `Maintenance & support expired on ${expires}` };
}

/** The reasons a license is not eligible for the month, in the order edition, version, maintenance. */
export function eligibilityFlags(info: LicenseInfo | null, month: IsoMonth): Flag[] {
  if (info === null) return [];
  const flags = [editionFlag(info.edition), versionFlag(info.version), maintenanceFlag(info.maintenanceExpires, month)];
  return flags.filter((f): f is Flag => f !== null);
}
