/*
 * The wait shown to a citizen in a live queue, as a range ("about 5–10 minutes").
 *
 * The citizen at position p is served when p + 1 clerks have become free. Free clerks take the first
 * citizens at once; each busy clerk becomes free after the expected rest of the current contact; after
 * that every clerk takes the next citizen and keeps them for one average handling time (AHT). Laying
 * that out as a schedule gives the centre of the range. The range comes from the spread of handling
 * times: the rest of one contact, plus the sum of the later ones shared among the clerks, plus the
 * uncertainty of the AHT itself (it is a mean of a few dozen samples at best).
 *
 * Erlang C (the M/M/N queue) answers a different question, the expected wait of a new arrival who knows
 * nothing about the clerks' current contacts. It is used for that case only: the citizen is next, no clerk
 * is free, and the progress of the busy clerks' contacts is not known. When it is known, the schedule from
 * the actual contacts is the better evidence.
 */

export interface QueueLoad {
  /** Citizens ahead of this one (0 = next). */
  position: number;
  /** Clerks on shift for the queue now who are taking contacts (busy or free). */
  agents: number;
  /** Of those, how many are free right now. */
  freeAgents: number;
  /** Recent handling times in seconds (most recent contacts of the queue), may be empty. */
  recentHandleSeconds: number[];
  /** Seconds already elapsed in each busy agent's current contact, may be empty. */
  busyElapsedSeconds: number[];
  /** Arrivals per hour recently, for the Erlang C probability of waiting. */
  arrivalsPerHour: number;
}
export interface WaitEstimate {
  lowSeconds: number;
  highSeconds: number;
  /** How the figures were made; 'no_agents' (0/0) when no clerk is on shift: no estimate possible. */
  basis: 'erlang_c' | 'aht' | 'no_agents' | 'default_aht';
}

/** Below this many samples the AHT comes from the option, not the data. */
const MIN_SAMPLES = 5;
const DEFAULT_HANDLE_SECONDS = 420;
/** Tukey's far-out fence: a handling time beyond 3 IQR of the quartiles (a contact left open for hours) is clamped to it. */
const FENCE_IQR = 3;
/** Recorded contacts longer than a running one needed to read its rest from them. */
const MIN_LONGER = 3;
/** Assumed spread of handling times without data: counter contacts vary a lot (coefficient of variation). */
const DEFAULT_CV = 0.5;
/** Assumed relative error of a default AHT (it is a guess, not a measurement). */
const DEFAULT_AHT_ERROR = 0.25;
/** The range aims at the 10th–90th percentiles of the wait: 80 % of citizens should see their wait in it. */
const HIGH_SHARE = 0.9;
/** z of the 90th percentile of a normal distribution. */
const Z = 1.2816;

/**
 * Erlang C: the probability that an arrival has to wait, with `agents` servers and `trafficErlangs` of
 * offered load. Computed from the Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which stays within
 * [0, 1] at every step, so it is stable for hundreds of agents where A^N/N! would overflow.
 * 1 when the load reaches the agents (the queue grows without bound) or there is no agent.
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError(`agents must be a non-negative integer, got ${agents}`);
  if (!(trafficErlangs >= 0) || !Number.isFinite(trafficErlangs)) {
    throw new RangeError(`traffic must be a finite non-negative number, got ${trafficErlangs}`);
  }
  if (trafficErlangs >= agents) return 1;
  if (trafficErlangs === 0) return 0;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (trafficErlangs * b) / (k + trafficErlangs * b);
  return (agents * b) / (agents - trafficErlangs * (1 - b));
}

/** What the samples say about handling times: the AHT, their spread and how sure the AHT is. */
interface Handling {
  aht: number;
  sd: number;
  /** Relative standard error of the AHT. */
  ahtError: number;
  /** The handling times it comes from, sorted, outliers clamped; empty when the AHT is the default. */
  samples: number[];
}

/** Linear interpolation between the closest ranks of sorted values. */
function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const [below, above] = [sorted[Math.floor(at)]!, sorted[Math.ceil(at)]!];
  return below + (above - below) * (at - Math.floor(at));
}

function handling(samples: number[], defaultSeconds: number): Handling {
  const valid = samples.filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b);
  if (valid.length < MIN_SAMPLES) {
    return { aht: defaultSeconds, sd: DEFAULT_CV * defaultSeconds, ahtError: DEFAULT_AHT_ERROR, samples: [] };
  }
  const [q1, q3] = [quantile(valid, 0.25), quantile(valid, 0.75)];
  const [lowest, highest] = [q1 - FENCE_IQR * (q3 - q1), q3 + FENCE_IQR * (q3 - q1)];
  const clamped = valid.map((s) => Math.min(Math.max(s, lowest), highest));
  const aht = clamped.reduce((sum, s) => sum + s, 0) / clamped.length;
  const sd = Math.sqrt(clamped.reduce((sum, s) => sum + (s - aht) ** 2, 0) / (clamped.length - 1));
  return { aht, sd, ahtError: sd / aht / Math.sqrt(clamped.length), samples: clamped };
}

/** Non-negative whole number, for inputs that come from counters. */
function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** The rest of one busy contact, in seconds: its mean, P(it has ended within t), and a t by which it surely has. */
interface Rest {
  mean: number;
  ended: (t: number) => number;
  top: number;
}

const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;

/** The standard normal distribution function (Abramowitz–Stegun 7.1.26, error below 1e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function normalRest(mean: number, sd: number): Rest {
  return { mean, ended: (t) => normalCdf((t - mean) / sd), top: mean + 8 * sd };
}

/**
 * The rest of a contact that has run `elapsed` seconds. With data, it is what the recorded contacts that
 * lasted longer than that had left (smoothed with a normal kernel): a contact still running after 8
 * minutes, where most take 5, is one of the long ones, and "AHT − elapsed" would say it is nearly over.
 * Without data, or when it has outlasted nearly every recorded contact, AHT − elapsed, floored at half a
 * standard deviation (a tenth of the AHT if they hardly vary): an overrun contact still takes a while.
 */
function knownRest(elapsed: number, h: Handling): Rest {
  const longer = h.samples.filter((s) => s > elapsed).map((s) => s - elapsed);
  if (longer.length >= MIN_LONGER) {
    // Silverman's rule of thumb, with a floor so that identical samples still give a smooth curve.
    const width = Math.max(1.06 * h.sd * longer.length ** -0.2, 0.02 * h.aht);
    const ended = (t: number) => mean(longer.map((x) => normalCdf((t - x) / width)));
    return { mean: mean(longer), ended, top: Math.max(...longer) + 8 * width };
  }
  const rest = Math.max(h.aht - elapsed, 0.5 * h.sd, 0.1 * h.aht);
  return normalRest(rest, Math.hypot(Math.min(h.sd, rest), rest * h.ahtError));
}

/**
 * The rest of a contact caught at a random moment, when its progress is not known: renewal theory gives
 * P(rest ≤ t) = E[min(S, t)] / E[S], with mean E[S²] / (2·E[S]). Without data, a normal curve around
 * (AHT² + SD²) / (2·AHT).
 */
function unknownRest(h: Handling): Rest {
  if (h.samples.length === 0) return normalRest((h.aht ** 2 + h.sd ** 2) / (2 * h.aht), h.sd);
  const total = h.samples.reduce((sum, s) => sum + s, 0);
  const ended = (t: number) => h.samples.reduce((sum, s) => sum + Math.min(s, Math.max(t, 0)), 0) / total;
  return { mean: h.samples.reduce((sum, s) => sum + s * s, 0) / (2 * total), ended, top: h.samples.at(-1)! };
}

/** The rest of each busy contact; entries beyond the busy clerks are ignored, missing ones are unknown. */
function residuals(busy: number, elapsed: number[], h: Handling): Rest[] {
  return Array.from({ length: busy }, (_, i) => {
    const e = elapsed[i];
    return e === undefined || !Number.isFinite(e) ? unknownRest(h) : knownRest(Math.max(e, 0), h);
  });
}

/** P(at least k of the contacts have ended by t): the Poisson-binomial tail, by dynamic programming. */
function endedBy(t: number, k: number, rests: Rest[]): number {
  // ways[j] = P(exactly j ended) for j < k; ways[k] = P(k or more ended).
  const ways = [1, ...Array<number>(k).fill(0)];
  for (const r of rests) {
    const p = r.ended(t);
    ways[k] = ways[k]! + ways[k - 1]! * p;
    for (let j = k - 1; j > 0; j--) ways[j] = ways[j]! * (1 - p) + ways[j - 1]! * p;
    ways[0] = ways[0]! * (1 - p);
  }
  return ways[k]!;
}

/**
 * The 10th and 90th percentiles of the moment the k-th current contact ends (k ≤ their number). The first
 * of twelve contacts to end is far more predictable than any one of them, which a margin per contact would
 * miss; and one more busy clerk can only bring every such moment forward.
 */
function currentRange(k: number, rests: Rest[]): [number, number] {
  const top = Math.max(...rests.map((r) => r.top));
  const percentile = (q: number) => {
    let [lo, hi] = [0, top];
    if (endedBy(0, k, rests) >= q) return 0;
    while (hi - lo > 0.5) {
      const mid = (lo + hi) / 2;
      if (endedBy(mid, k, rests) >= q) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return [percentile(1 - HIGH_SHARE), percentile(HIGH_SHARE)];
}

/**
 * When each of the first `citizens` in line gets a clerk, if every contact took exactly the AHT: clerks
 * are free at 0 (free now) or at their contact's expected rest, and the earliest free clerk takes the next
 * citizen. Adding a clerk, a longer AHT or a place in line can only move these times the expected way.
 */
function schedule(citizens: number, freeNow: number, rests: Rest[], aht: number): number[] {
  const freeAt = [...Array<number>(freeNow).fill(0), ...rests.map((r) => r.mean)].sort((a, b) => a - b);
  const starts: number[] = [];
  for (let i = 0; i < citizens; i++) {
    const t = freeAt.shift()!;
    starts.push(t);
    // Keep freeAt sorted: the clerk is free again one AHT later.
    const next = t + aht;
    let at = freeAt.findIndex((f) => f > next);
    if (at < 0) at = freeAt.length;
    freeAt.splice(at, 0, next);
  }
  return starts;
}

/**
 * The range of the wait of the citizen at `position` (who has no free clerk): the moment enough current
 * contacts have ended, or, further back, the schedule with a margin for the current contact and for the
 * later ones, whose sum, shared among the clerks, varies by SD·√n / agents.
 */
function positionRange(position: number, agents: number, freeNow: number, rests: Rest[], h: Handling): [number, number] {
  const needed = position - freeNow + 1;
  const busy = rests.length;
  if (needed <= busy) return currentRange(needed, rests);
  const starts = schedule(position + 1, freeNow, rests, h.aht);
  let [low, high] = busy > 0 ? currentRange(busy, rests) : [0, 0];
  for (let p = freeNow + busy; p <= position; p++) {
    const centre = starts[p]!;
    const later = p - freeNow + 1 - busy;
    const margin = Z * Math.sqrt(h.sd ** 2 + (later * h.sd ** 2) / agents ** 2 + (centre * h.ahtError) ** 2);
    // Nobody waits less than the citizen ahead: carrying the bounds forward keeps them monotonic in position.
    low = Math.max(low, centre - margin);
    high = Math.max(high, centre + margin);
  }
  return [low, high];
}

/**
 * Erlang C's expected wait of a new arrival, Pw · AHT / (N − A), with a margin from the spread of that
 * waiting time (no wait with probability 1 − Pw, else exponential with mean AHT / (N − A)), whose
 * variance is Pw·(2 − Pw)·(AHT / (N − A))². null when the queue is unstable (A ≥ N) or nobody arrives.
 */
function erlangRange(agents: number, arrivalsPerHour: number, aht: number): [number, number] | null {
  const traffic = (arrivalsPerHour * aht) / 3600;
  if (!(traffic > 0) || !Number.isFinite(traffic) || traffic >= agents) return null;
  const pw = erlangC(agents, traffic);
  const scale = aht / (agents - traffic);
  const [mean, sd] = [pw * scale, Math.sqrt(pw * (2 - pw)) * scale];
  return [Math.max(0, mean - Z * sd), mean + Z * sd];
}

/**
 * The estimated wait of the citizen described by `load`, in seconds, low ≤ high.
 *
 * basis: 'no_agents' (0/0: nobody to wait for, the caller offers a callback instead), 'default_aht' when
 * fewer than 5 handling times are known (whatever the model, the figures rest on a guessed AHT),
 * 'erlang_c' when the Erlang C model made them, else 'aht'.
 */
export function estimateWait(load: QueueLoad, opts: { defaultHandleSeconds?: number } = {}): WaitEstimate {
  const agents = count(load.agents);
  if (agents === 0) return { lowSeconds: 0, highSeconds: 0, basis: 'no_agents' };
  const position = count(load.position);
  const freeNow = Math.min(count(load.freeAgents), agents);
  const h = handling(load.recentHandleSeconds, opts.defaultHandleSeconds ?? DEFAULT_HANDLE_SECONDS);
  const dataBasis = h.samples.length > 0 ? 'aht' : 'default_aht';
  if (freeNow > position) return { lowSeconds: 0, highSeconds: 0, basis: dataBasis };

  const rests = residuals(agents - freeNow, load.busyElapsedSeconds, h);
  const progressKnown = load.busyElapsedSeconds.length >= rests.length;
  const erlang = position === 0 && freeNow === 0 && !progressKnown ? erlangRange(agents, load.arrivalsPerHour, h.aht) : null;
  if (erlang) {
    // Erlang C averages over every queue a newcomer might find, so near saturation it counts citizens
    // ahead who are not there. The next in line never waits longer than the one behind: cap it by that.
    const [behindLow, behindHigh] = positionRange(1, agents, freeNow, rests, h);
    const high = Math.min(erlang[1], behindHigh);
    return {
      lowSeconds: Math.min(erlang[0], behindLow, high),
      highSeconds: high,
      basis: h.samples.length > 0 ? 'erlang_c' : 'default_aht',
    };
  }
  const [low, high] = positionRange(position, agents, freeNow, rests, h);
  return { lowSeconds: low, highSeconds: high, basis: dataBasis };
}

/** Round a bound to whole minutes, or to 5 minutes above 20: "about 25–35 minutes", not "23–37". */
function roundBound(seconds: number, direction: 'down' | 'up'): number {
  const minutes = Number.isFinite(seconds) && seconds > 0 ? seconds / 60 : 0;
  const step = minutes > 20 ? 5 : 1;
  const round = direction === 'down' ? Math.floor : Math.ceil;
  return round(minutes / step) * step;
}

/** For display: whole minutes, the low bound rounded down and the high one up, low ≥ 0 and high ≥ low + 1. */
export function roundRange(e: WaitEstimate): { lowMinutes: number; highMinutes: number } {
  const lowMinutes = roundBound(Math.min(e.lowSeconds, e.highSeconds), 'down');
  const highMinutes = Math.max(roundBound(Math.max(e.lowSeconds, e.highSeconds), 'up'), lowMinutes + 1);
  return { lowMinutes, highMinutes };
}
