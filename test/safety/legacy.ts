// These tests were written against the single api object the core had before it was
// cut by domain; this is that object's few methods over the core and its domains,
// so the tests keep their assertions.
import type { IsoMonth } from '../../app/billing/types';
import { openCore, type Core } from '../../app/core';
import { loadDemo } from '../../app/domains/imports';
import { closeMonth, monthsInfo, preview, reopenMonth } from '../../app/domains/months';
import { setRate, settings } from '../../app/domains/settings';

export class FlexApi {
  readonly core: Core & { close(): void };
  constructor(readonly dbPath: string) {
    this.core = openCore(dbPath);
  }
  get store() {
    return this.core.store;
  }
  loadDemo() {
    return loadDemo(this.core);
  }
  closeMonth(month: string) {
    return closeMonth(this.core, month as IsoMonth);
  }
  reopenMonth(month: string) {
    return reopenMonth(this.core, month as IsoMonth);
  }
  preview(month: string) {
    return preview(this.core, month as IsoMonth);
  }
  months() {
    return monthsInfo(this.core);
  }
  settings() {
    return settings(this.core);
  }
  setRate(from: string, rate: string) {
    return setRate(this.core, from as IsoMonth, rate);
  }
  reopen() {
    this.core.reopen();
  }
  close() {
    this.core.close();
  }
}
