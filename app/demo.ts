// Sample data for trying the app: a handful of licenses over September and
// October 2026, written as ordinary export files and imported the usual way,
// so the demo exercises the same path as real files. Deterministic: the same
// files every time, so loading the demo twice imports nothing new.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { datesOfMonth } from './billing/calendar';
import { asIsoMonth } from './billing/types';
import { seededRandom } from './random';

const random = seededRandom;

interface DemoLicense {
  key: string;
  name: string;
  edition: string;
  version: string;
  expires: string;
  base: number;
  /** Days of October without data. */
  gaps?: number[];
  /** Only these October days are reported (a server installed late in the month). */
  onlyDays?: number[];
}

const LICENSES: DemoLicense[] = [
  { key: 'DEMO1-7KQ2M-PX4VA-LR8TE', name: 'mail01.northwind.example', edition: 'Enterprise', version: '100.0.9126', expires: '2027-06-30', base: 1240 },
  { key: 'DEMO2-H3ZWN-C6RJD-9QFKB', name: 'mx-east.contoso.example', edition: 'Enterprise', version: '17.0.6964', expires: '2027-01-31', base: 3410 },
  { key: 'DEMO3-R8YTA-WE2MC-5UNHS', name: 'mail.fabrikam.example', edition: 'Enterprise', version: '100.0.8665', expires: '2026-10-20', base: 560, gaps: [5, 6, 19] },
  { key: 'DEMO4-B6PLK-2XG9Q-MVD3J', name: 'smtp.adatum.example', edition: 'Professional', version: '16.3.6989', expires: '2027-03-31', base: 88 },
  { key: 'DEMO5-Q4CJU-N7EHX-TY2WP', name: 'legacy.litware.example', edition: 'Enterprise', version: '12.2.5100', expires: '2027-12-31', base: 215 },
  { key: 'DEMO6-M2WDS-8KAZR-F5BLC', name: 'new.tailspin.example', edition: 'Enterprise', version: '100.0.9126', expires: '2027-10-31', base: 40, onlyDays: [30, 31] },
];

/** A mailbox-level license: one row per mailbox per day, with three customer domains. */
const MAILBOX_LICENSE = { key: 'DEMO7-T9HVE-3LQMX-JW6RA', name: 'hosted.wingtip.example', domains: ['alpine.example', 'bluebird.example', 'cedar.example'], mailboxes: 180 };

function countsFile(month: string, seed: number): string {
  const rnd = random(seed);
  const lines = ['License Key,License Name,Edition,Version,Maintenance Expires,Date,EAS Mailboxes'];
  for (const lic of LICENSES) {
    const isOctober = month === '2026-10';
    for (const date of datesOfMonth(asIsoMonth(month))) {
      const day = Number(date.slice(8));
      if (isOctober && lic.gaps?.includes(day)) continue;
      if (lic.onlyDays && (!isOctober || !lic.onlyDays.includes(day))) continue;
      let count = Math.round(lic.base * (0.97 + rnd() * 0.05));
      // Two spikes a month, as migrations and tests make them: they are the dropped days.
      if (day === 14 || day === 15) count = Math.round(lic.base * (1.06 - (day - 14) * 0.015));
      lines.push([lic.key, lic.name, lic.edition, lic.version, lic.expires, date, count].join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

function mailboxFile(month: string, seed: number): string {
  const rnd = random(seed);
  const m = MAILBOX_LICENSE;
  const lines = [`License Key: ${m.key}`, `License Name: ${m.name}`, 'Edition: Enterprise', 'Version: 100.0.9126', 'Date,Email Address'];
  for (const date of datesOfMonth(asIsoMonth(month))) {
    for (let i = 0; i < m.mailboxes; i++) {
      // Most mailboxes are on every day; some come and go.
      if (i % 9 === 0 && rnd() < 0.4) continue;
      const domain = m.domains[i % m.domains.length]!;
      lines.push(`${date},user${i}@${domain}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes the demo files into a temporary folder and returns their paths. */
export async function writeDemoFiles(): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flexbill-demo-'));
  const files: [string, string][] = [
    ['demo-usage-2026-09.csv', countsFile('2026-09', 9)],
    ['demo-usage-2026-10.csv', countsFile('2026-10', 10)],
    ['demo-mailboxes-2026-09.csv', mailboxFile('2026-09', 109)],
    ['demo-mailboxes-2026-10.csv', mailboxFile('2026-10', 110)],
  ];
  const paths: string[] = [];
  for (const [name, text] of files) {
    const p = path.join(dir, name);
    await fs.writeFile(p, text, 'utf8');
    paths.push(p);
  }
  return paths;
}
