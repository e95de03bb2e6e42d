import { describe, expect, it } from 'vitest';
import { erlangC, estimateWait, roundRange, type QueueLoad, type WaitEstimate } from './estimate';

/** Park–Miller LCG in [0, 1): the same stream on every run, and the products stay exact in a double. */
function lcg(seed: number): () => number {
  let state = seed % 2_147_483_647 || 1;
  return () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
}
/** Gamma(4) handling times: a mean of `mean`, a coefficient of variation of 0.5, a long right tail. */
const gamma4 = (rng: () => number, mean: number) =>
  (-Math.log(1 - rng()) - Math.log(1 - rng()) - Math.log(1 - rng()) - Math.log(1 - rng())) * (mean / 4);
/** Mostly quick errands (about 5 minutes) and one in five long ones (about 15). */
const mixed = (rng: () => number) => (rng() < 0.8 ? 200 + 200 * rng() : 700 + 400 * rng());

/** Twenty handling times around 7 minutes (mean 420 s, spread 300–540 s). */
const SAMPLES = Array.from({ length: 20 }, (_, i) => 300 + ((i * 7) % 20) * (240 / 19));

/** By default: 3 clerks, all busy for 1, 2 and 5 minutes, recent handling times around 7 minutes. */
const load = (overrides: Partial<QueueLoad> = {}): QueueLoad => ({
  position: 0,
  agents: 3,
  freeAgents: 0,
  recentHandleSeconds: SAMPLES,
  busyElapsedSeconds: [60, 120, 300],
  arrivalsPerHour: 20,
  ...overrides,
});
const wait = (overrides: Partial<QueueLoad> = {}, opts?: { defaultHandleSeconds?: number }) => estimateWait(load(overrides), opts);
const positions = (overrides: Partial<QueueLoad>, n = 30) => Array.from({ length: n }, (_, position) => wait({ ...overrides, position }));
const nonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]! - 1e-9);
const centre = (e: WaitEstimate) => (e.lowSeconds + e.highSeconds) / 2;

/** Independent reference: the textbook formula, summed in log space so that it needs no factorials. */
function erlangCReference(n: number, a: number): number {
  const logTerm = (k: number) => k * Math.log(a) - Array.from({ length: k }, (_, i) => Math.log(i + 1)).reduce((s, x) => s + x, 0);
  const logs = [...Array.from({ length: n }, (_, k) => logTerm(k)), logTerm(n) + Math.log(n / (n - a))];
  const max = Math.max(...logs);
  return Math.exp(logs.at(-1)! - max) / logs.reduce((s, l) => s + Math.exp(l - max), 0);
}

describe('erlangC', () => {
  it.each([
    [10, 8, 0.409],
    [2, 1, 1 / 3],
    [1, 0.5, 0.5],
    [3, 2, 4 / 9],
  ])('%i agents, %f erlangs → %f', (agents, traffic, expected) => {
    expect(erlangC(agents, traffic)).toBeCloseTo(expected, 3);
  });

  it('is the utilisation for a single agent (M/M/1)', () => {
    for (const rho of [0.1, 0.3, 0.7, 0.95]) expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
  });

  it('matches the textbook formula, and stays stable up to 200 agents', () => {
    for (const [n, a] of [
      [5, 3.2],
      [25, 20],
      [50, 45],
      [120, 110],
      [200, 180],
      [200, 199.5],
    ] as const) {
      const c = erlangC(n, a);
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(1);
      expect(c).toBeCloseTo(erlangCReference(n, a), 9);
    }
  });

  it('is 0 without traffic and 1 when the load reaches the agents (or there are none)', () => {
    expect(erlangC(4, 0)).toBe(0);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 9)).toBe(1);
    expect(erlangC(0, 0.5)).toBe(1);
  });

  it('falls with more agents and rises with more traffic', () => {
    const byAgents = [9, 10, 12, 15, 20].map((n) => erlangC(n, 8));
    expect(byAgents).toEqual([...byAgents].sort((a, b) => b - a));
    const byTraffic = [1, 4, 7, 9, 9.9].map((a) => erlangC(10, a));
    expect(byTraffic).toEqual([...byTraffic].sort((a, b) => a - b));
  });

  it('refuses impossible inputs', () => {
    expect(() => erlangC(-1, 1)).toThrow(RangeError);
    expect(() => erlangC(2.5, 1)).toThrow(RangeError);
    expect(() => erlangC(2, -1)).toThrow(RangeError);
    expect(() => erlangC(2, NaN)).toThrow(RangeError);
    expect(() => erlangC(2, Infinity)).toThrow(RangeError);
  });
});

describe('estimateWait', () => {
  it('gives 0/0 and no_agents when no clerk is on shift, whatever the rest says', () => {
    expect(wait({ agents: 0, freeAgents: 0, position: 7 })).toEqual({ lowSeconds: 0, highSeconds: 0, basis: 'no_agents' });
    expect(wait({ agents: 0, freeAgents: 2, busyElapsedSeconds: [], recentHandleSeconds: [] })).toEqual({
      lowSeconds: 0,
      highSeconds: 0,
      basis: 'no_agents',
    });
  });

  it('gives no wait while a clerk is free for this citizen', () => {
    expect(wait({ freeAgents: 1, busyElapsedSeconds: [60, 120] })).toEqual({ lowSeconds: 0, highSeconds: 0, basis: 'aht' });
    expect(wait({ freeAgents: 3, position: 2, busyElapsedSeconds: [] })).toEqual({ lowSeconds: 0, highSeconds: 0, basis: 'aht' });
    // With as many citizens ahead as free clerks, this one waits for a busy clerk.
    expect(wait({ freeAgents: 2, position: 2, busyElapsedSeconds: [120] }).highSeconds).toBeGreaterThan(0);
  });

  it('waits for the contact nearest its end', () => {
    // Handling times around 420 s: a contact 400 s in is nearly over, one 10 s in is not.
    const nearlyOver = wait({ agents: 1, busyElapsedSeconds: [400] });
    const justStarted = wait({ agents: 1, busyElapsedSeconds: [10] });
    expect(nearlyOver.highSeconds).toBeLessThan(justStarted.lowSeconds);
    expect(justStarted.lowSeconds).toBeLessThan(410);
    expect(justStarted.highSeconds).toBeGreaterThan(410);
    // A contact that has overrun still has a little left, not nothing.
    expect(wait({ agents: 1, busyElapsedSeconds: [900] }).highSeconds).toBeGreaterThan(0);
  });

  it('reads the rest of a running contact from the recorded ones that lasted longer', () => {
    // Quick errands of 5 minutes and long ones of 15: a contact still running after 400 s is a long one,
    // with about 500 s to go, not the 20 s that "AHT − elapsed" would give.
    const errands = [...Array<number>(16).fill(300), ...Array<number>(4).fill(900)].map((s, i) => s + i);
    const e = wait({ agents: 1, busyElapsedSeconds: [400], recentHandleSeconds: errands });
    expect(e.lowSeconds).toBeGreaterThan(300);
    expect(e.highSeconds).toBeLessThan(700);
  });

  it('is surer of the first of many contacts to end than of any one of them', () => {
    const one = wait({ agents: 1, busyElapsedSeconds: [120] });
    const twelve = wait({ agents: 12, busyElapsedSeconds: Array<number>(12).fill(120) });
    expect(twelve.highSeconds - twelve.lowSeconds).toBeLessThan((one.highSeconds - one.lowSeconds) / 2);
    expect(twelve.highSeconds).toBeLessThan(one.highSeconds);
  });

  it('copes with handling times that never vary', () => {
    const e = wait({ position: 4, recentHandleSeconds: Array<number>(10).fill(300) });
    expect(Number.isFinite(e.lowSeconds) && Number.isFinite(e.highSeconds)).toBe(true);
    expect(e.lowSeconds).toBeGreaterThan(0);
    expect(e.lowSeconds).toBeLessThanOrEqual(e.highSeconds);
  });

  it('refuses a default handling time that is not positive', () => {
    for (const bad of [0, -60, NaN, Infinity]) expect(() => wait({}, { defaultHandleSeconds: bad })).toThrow(RangeError);
    expect(() => wait({ agents: 0 }, { defaultHandleSeconds: 0 })).toThrow(RangeError);
  });

  it('adds about AHT / clerks per place further back in line', () => {
    const near = (x: number, expected: number) => expect(Math.abs(x / expected - 1)).toBeLessThan(0.1);
    const one = positions({ agents: 1, busyElapsedSeconds: [0] }, 6).map(centre);
    for (let p = 1; p < one.length; p++) near(one[p]! - one[p - 1]!, 420);
    const three = positions({ busyElapsedSeconds: [0, 0, 0] }, 31).map(centre);
    near((three[30]! - three[15]!) / 15, 420 / 3);
    const eight = positions({ agents: 8, busyElapsedSeconds: [0, 50, 100, 150, 200, 250, 300, 350] }, 61).map(centre);
    near((eight[60]! - eight[30]!) / 30, 420 / 8);
  });

  describe('is monotonic', () => {
    const loads: [string, Partial<QueueLoad>][] = [
      ['one clerk', { agents: 1, busyElapsedSeconds: [200] }],
      ['three clerks', {}],
      ['eight clerks, two free', { agents: 8, freeAgents: 2, busyElapsedSeconds: [10, 50, 100, 200, 400, 800] }],
      ['progress unknown', { busyElapsedSeconds: [] }],
      ['progress unknown, near saturation', { busyElapsedSeconds: [], arrivalsPerHour: 25 }],
      ['default AHT', { recentHandleSeconds: [] }],
    ];

    it.each(loads)('in position: %s', (_, overrides) => {
      const range = positions(overrides, 40);
      expect(nonDecreasing(range.map((e) => e.lowSeconds))).toBe(true);
      expect(nonDecreasing(range.map((e) => e.highSeconds))).toBe(true);
      for (const e of range) expect(e.lowSeconds).toBeLessThanOrEqual(e.highSeconds);
    });

    it.each(loads)('in AHT: %s', (_, overrides) => {
      for (const position of [0, 1, 4, 15]) {
        const scaled = [0.5, 0.8, 1, 1.3, 2, 3].map((f) => {
          const recentHandleSeconds = (overrides.recentHandleSeconds ?? SAMPLES).map((s) => s * f);
          return wait({ ...overrides, position, recentHandleSeconds }, { defaultHandleSeconds: 420 * f });
        });
        expect(nonDecreasing(scaled.map((e) => e.lowSeconds))).toBe(true);
        expect(nonDecreasing(scaled.map((e) => e.highSeconds))).toBe(true);
      }
    });
  });

  it('gives shorter waits with more clerks', () => {
    for (const position of [0, 1, 3, 8, 20]) {
      // One more clerk, free now or busy with a contact that has just started.
      const free = [0, 1, 2, 3].map((extra) => wait({ position, agents: 3 + extra, freeAgents: extra }));
      const busy = [0, 1, 2, 3].map((extra) =>
        wait({ position, agents: 3 + extra, busyElapsedSeconds: [60, 120, 300, 0, 0, 0].slice(0, 3 + extra) }),
      );
      for (const series of [free, busy]) {
        expect(nonDecreasing(series.map((e) => -e.lowSeconds))).toBe(true);
        expect(nonDecreasing(series.map((e) => -e.highSeconds))).toBe(true);
      }
    }
  });

  it('falls back to the default AHT with fewer than 5 handling times', () => {
    expect(wait({ recentHandleSeconds: [400, 410, 420, 430] }).basis).toBe('default_aht');
    expect(wait({ recentHandleSeconds: [400, 410, 420, 430, 440] }).basis).toBe('aht');
    // Unusable samples do not count.
    expect(wait({ recentHandleSeconds: [400, 410, 420, 430, NaN, -5, 0, Infinity] }).basis).toBe('default_aht');
    const fast = wait({ recentHandleSeconds: [], busyElapsedSeconds: [0, 0, 0], position: 5 }, { defaultHandleSeconds: 120 });
    const slow = wait({ recentHandleSeconds: [], busyElapsedSeconds: [0, 0, 0], position: 5 }, { defaultHandleSeconds: 600 });
    expect(fast.highSeconds).toBeLessThan(slow.lowSeconds);
    expect(wait({ recentHandleSeconds: [], busyElapsedSeconds: [0, 0, 0], position: 5 })).toEqual(
      wait({ recentHandleSeconds: [], busyElapsedSeconds: [0, 0, 0], position: 5 }, { defaultHandleSeconds: 420 }),
    );
  });

  it('shrugs off an outlier among the handling times', () => {
    const withOutlier = [...SAMPLES.slice(1), 4 * 3600]; // a contact left open over lunch
    const ratio = centre(wait({ position: 10, recentHandleSeconds: withOutlier })) / centre(wait({ position: 10 }));
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.15);
  });

  describe('uses Erlang C for the next citizen when no clerk is free and the contacts’ progress is unknown', () => {
    // 10 clerks, AHT 420 s, 8 erlangs of traffic: Pw ≈ 0.409, mean wait of a new arrival 0.409 · 420 / 2 ≈ 86 s.
    const erlangLoad = { agents: 10, recentHandleSeconds: SAMPLES, busyElapsedSeconds: [], arrivalsPerHour: (8 * 3600) / 420 };

    const erlangs = (traffic: number) => wait({ ...erlangLoad, arrivalsPerHour: (traffic * 3600) / 420 });

    it('from the expected wait of a new arrival, Pw · AHT / (N − A), and its spread', () => {
      // At 5 erlangs: Pw ≈ 0.036, mean ≈ 3 s; the wait is 0 with probability 1 − Pw, else exponential.
      const [pw, scale] = [erlangC(10, 5), 420 / (10 - 5)];
      const e = erlangs(5);
      expect(e.basis).toBe('erlang_c');
      expect(e.lowSeconds).toBe(0); // a new arrival may well not wait at all
      expect(e.highSeconds).toBeCloseTo(pw * scale + 1.2816 * Math.sqrt(pw * (2 - pw)) * scale, 6);
    });

    it('with a longer wait for a busier queue', () => {
      const byTraffic = [3, 4, 5, 6, 7, 8, 9, 9.9, 10.5].map((a) => erlangs(a).highSeconds);
      expect(nonDecreasing(byTraffic)).toBe(true);
      expect(byTraffic.slice(0, 4)).toEqual([...new Set(byTraffic.slice(0, 4))]); // strictly, while below the clerks' range
    });

    it('never above the range from the clerks themselves, which it joins past saturation', () => {
      // Near saturation Erlang C counts citizens ahead who are not there; the clerks' own range bounds it.
      const fromClerks = wait({ ...erlangLoad, arrivalsPerHour: 0 });
      for (const traffic of [4, 8, 9.9, 9.999]) expect(erlangs(traffic).highSeconds).toBeLessThanOrEqual(fromClerks.highSeconds);
      expect(erlangs(9.999)).toEqual({ ...fromClerks, lowSeconds: 0, basis: 'erlang_c' });
      expect(erlangs(10)).toEqual(fromClerks);
    });

    it.each([
      ['the progress of every busy contact is known', { busyElapsedSeconds: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }, 'aht'],
      ['the queue is unstable (traffic ≥ agents)', { arrivalsPerHour: (10 * 3600) / 420 + 1 }, 'aht'],
      ['nobody has arrived lately', { arrivalsPerHour: 0 }, 'aht'],
      ['the citizen is not next', { position: 1 }, 'aht'],
      ['a clerk is free', { freeAgents: 1 }, 'aht'],
      ['the AHT is a default', { recentHandleSeconds: [] }, 'default_aht'],
    ])('but not when %s', (_, overrides, basis) => {
      expect(wait({ ...erlangLoad, ...overrides }).basis).toBe(basis);
    });
  });

  it('always returns finite seconds, 0 ≤ low ≤ high, on odd inputs', () => {
    const rng = lcg(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;
    for (let i = 0; i < 500; i++) {
      const agents = pick([0, 1, 2, 5, 40, 200, 2.7, -1, NaN]);
      const e = estimateWait({
        position: pick([0, 1, 3, 50, 150, -2, 1.5, NaN]),
        agents,
        freeAgents: pick([0, 1, 3, 300, -1, NaN]),
        recentHandleSeconds: Array.from({ length: pick([0, 3, 5, 60]) }, () => pick([rng() * 900, 0, -1, NaN, Infinity, 1e6])),
        busyElapsedSeconds: Array.from({ length: pick([0, 1, 4, 250]) }, () => pick([rng() * 900, 5000, -3, NaN])),
        arrivalsPerHour: pick([0, 5, 60, 1e5, -4, NaN, Infinity]),
      });
      expect(Number.isFinite(e.lowSeconds) && Number.isFinite(e.highSeconds)).toBe(true);
      expect(e.lowSeconds).toBeGreaterThanOrEqual(0);
      expect(e.lowSeconds).toBeLessThanOrEqual(e.highSeconds);
    }
  });

  describe('contains the wait of a simulated queue for most positions', () => {
    /**
     * One morning: `clerks` busy clerks with contacts of known elapsed time, `citizens` in line, each
     * taken by the first clerk to become free. Returns how many of the waits fall in the estimate's range,
     * and the summed widths and waits (a range that is always [0, ∞) would contain them all).
     */
    function simulate(clerks: number, citizens: number, seed: number, draw: (rng: () => number) => number) {
      const rng = lcg(seed);
      const recentHandleSeconds = Array.from({ length: 30 }, () => draw(rng));
      const current = Array.from({ length: clerks }, () => draw(rng));
      const busyElapsedSeconds = current.map((total) => rng() * total);
      const freeAt = current.map((total, i) => total - busyElapsedSeconds[i]!);
      let [hits, width, waited] = [0, 0, 0];
      for (let position = 0; position < citizens; position++) {
        freeAt.sort((a, b) => a - b);
        const simulated = freeAt[0]!;
        freeAt[0] = simulated + draw(rng);
        const e = estimateWait({ position, agents: clerks, freeAgents: 0, recentHandleSeconds, busyElapsedSeconds, arrivalsPerHour: 30 });
        if (e.lowSeconds <= simulated && simulated <= e.highSeconds) hits++;
        width += e.highSeconds - e.lowSeconds;
        waited += simulated;
      }
      return { hits, width, waited };
    }

    it.each([
      ['1 clerk, gamma handling times', 1, gamma4],
      ['3 clerks, gamma handling times', 3, gamma4],
      ['8 clerks, gamma handling times', 8, gamma4],
      ['3 clerks, quick and long errands', 3, mixed],
      ['12 clerks, quick and long errands', 12, mixed],
    ] as const)('%s', (_, clerks, distribution) => {
      const draw = (rng: () => number) => (distribution === gamma4 ? gamma4(rng, 420) : mixed(rng));
      const [runs, citizens] = [40, 25];
      let [hits, width, waited] = [0, 0, 0];
      for (let run = 0; run < runs; run++) {
        const r = simulate(clerks, citizens, 1_000 + 7_919 * run, draw);
        [hits, width, waited] = [hits + r.hits, width + r.width, waited + r.waited];
      }
      expect(hits / (runs * citizens)).toBeGreaterThanOrEqual(0.7);
      expect(width / waited).toBeLessThan(1); // and the ranges are narrower than the waits themselves
    });
  });
});

describe('roundRange', () => {
  const range = (lowSeconds: number, highSeconds: number): WaitEstimate => ({ lowSeconds, highSeconds, basis: 'aht' });

  it.each([
    ['no wait', 0, 0, 0, 1],
    ['under a minute', 10, 50, 0, 1],
    ['a couple of minutes', 30, 90, 0, 2],
    ['about 5–10 minutes', 5.2 * 60, 9.6 * 60, 5, 10],
    ['whole minutes up to 20', 12 * 60 + 1, 19.5 * 60, 12, 20],
    ['5-minute steps above 20', 22 * 60, 37 * 60, 20, 40],
    ['a wide range across 20', 14.5 * 60, 26 * 60, 14, 30],
    ['an exact point gets a minute of width', 600, 600, 10, 11],
    ['bounds given the wrong way round', 540, 300, 5, 9],
    ['garbage', NaN, Infinity, 0, 1],
  ])('%s', (_, low, high, lowMinutes, highMinutes) => {
    expect(roundRange(range(low, high))).toEqual({ lowMinutes, highMinutes });
  });

  it('always gives 0 ≤ low < high', () => {
    for (let s = 0; s < 4 * 3600; s += 37) {
      const { lowMinutes, highMinutes } = roundRange(range(s, s * 1.6));
      expect(lowMinutes).toBeGreaterThanOrEqual(0);
      expect(highMinutes).toBeGreaterThanOrEqual(lowMinutes + 1);
      expect(lowMinutes * 60).toBeLessThanOrEqual(s);
      expect(highMinutes * 60).toBeGreaterThanOrEqual(s * 1.6);
    }
  });
});
