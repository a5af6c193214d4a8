import { formatUsd } from '../../app/billing/money';
import type { Cents } from '../../app/billing/types';

/** "The 2 highest days are dropped · rate $1.00": the rule every figure depends on. */
export function ruleLine(droppedDays: number, rate: Cents): string {
  return `${droppedText(droppedDays)} · rate ${formatUsd(rate)}`;
}

export function droppedText(droppedDays: number): string {
  if (droppedDays === 0) return 'No days are dropped';
  if (droppedDays === 1) return 'The highest day is dropped';
  return `The ${droppedDays} highest days are dropped`;
}
