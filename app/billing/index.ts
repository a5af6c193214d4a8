// The pure billing core: the rule of SPEC §2, calendar months, versions,
// eligibility (§3), money in cents, and the month preview (§6). No I/O.

export * from './types';
export * from './calendar';
export * from './money';
export * from './rates';
export * from './version';
export * from './eligibility';
export * from './rule';
export * from './reconcile';
export * from './quote';
export * from './closing';
export * from './domains';
export * from './checks';
export * from './progress';
