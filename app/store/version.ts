import { DatabaseError } from '../errors';

// Set from package.json when the core is built (scripts/build.mjs) and for the tests (vitest.config.ts).
declare const __FLEXBILL_VERSION__: string | undefined;

/** This app's version as people see it (About, the installer): the package's. */
export const APP_VERSION: string = typeof __FLEXBILL_VERSION__ === 'string' ? __FLEXBILL_VERSION__ : 'dev';

/**
 * The refusal of a database made by a newer version of the app: its schema holds
 * tables or meanings this version does not know, so it is not opened at all
 * (not even to switch its journal mode) rather than half-way.
 */
export function newerVersionError(file: string, found: number, known: number, to: 'open' | 'restore' = 'open'): DatabaseError {
  return new DatabaseError('newer-version',
    `${file} was made by a newer version of Flex Billing (its schema is ${found}; this is Flex Billing ${APP_VERSION}, which knows schemas up to ${known}): update the app to ${to} it; ${to === 'open' ? 'nothing in the file was changed' : 'nothing was restored'}.`);
}
