// The performance figure, as a test: 1,000 domains and 50,000 EAS mailboxes
// from the local stand-in in under 30 s, never more than 4 domains in flight.
import { describe, expect, it } from 'vitest';
import { benchCollect, describeCollectFigure } from '../../bench/collect';

describe('collecting a large server', () => {
  it('1,000 domains, 50,000 mailboxes: under 30 s, at most 4 in flight', async () => {
    const figure = await benchCollect({ domains: 1000, perDomain: 50 });
    console.log(describeCollectFigure(figure));
    expect(figure.domains).toBe(1000);
    expect(figure.mailboxes).toBe(50_000);
    expect(figure.previewCount).toBe(50_000);
    expect(figure.maxInFlight).toBeLessThanOrEqual(4);
    expect(figure.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(figure.seconds).toBeLessThan(30);
  }, 120_000);
});
