/*
 * The wait shown to a citizen in a live queue, as a range ("about 5–10 minutes").
 *
 * The citizen at position p is served when p + 1 clerks have become free: the free clerks take the first
 * citizens at once, then each clerk is free again every time a contact ends. So the wait is the moment
 * the (p + 1 − free)-th contact ends, counting the busy clerks' current contacts (their expected rest,
 * from how long they have run) and the later ones (one handling time each, the AHT on average, so about
 * AHT / clerks per place further back). Each clerk's count of ended contacts by time t has a known
 * distribution; adding them up exactly gives P(served by t), and the range is its 10th to 90th
 * percentile, widened by the uncertainty of the AHT itself (a mean of a few dozen samples at best).
 * Working with distributions rather than a centre ± margin matters with many clerks: the first of twelve
 * contacts to end is far more predictable than any one of them, and a clerk freed early may well finish a
 * second contact before the slowest first one ends.
 *
 * Erlang C (the M/M/N queue) gives the steady-state wait of a new arrival. It is used where nothing
 * better is known: the citizen is next, no clerk is free, and the busy clerks' progress is not reported.
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
/**
 * A handling time beyond Tukey's far-out fence (3 IQR above the third quartile) is clamped to it: a
 * contact left open over lunch must not make the AHT. But one in ten contacts being long is a pattern
 * (quick errands and long procedures), so the fence is never below 1.5 × the 90th percentile.
 */
const FENCE_IQR = 3;
const FENCE_P90 = 1.5;
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
  const fence = Math.max(q3 + FENCE_IQR * (q3 - q1), FENCE_P90 * quantile(valid, 0.9));
  const clamped = valid.map((s) => Math.min(s, fence));
  const aht = clamped.reduce((sum, s) => sum + s, 0) / clamped.length;
  const sd = Math.sqrt(clamped.reduce((sum, s) => sum + (s - aht) ** 2, 0) / (clamped.length - 1));
  return { aht, sd, ahtError: sd / aht / Math.sqrt(clamped.length), samples: clamped };
}

/** Non-negative whole number, for inputs that come from counters. */
function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** A duration in seconds (the rest of a busy contact, or a whole new one): P(over within t), its mean and variance. */
interface Duration {
  within: (t: number) => number;
  mean: number;
  variance: number;
}

const average = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;

/** The standard normal distribution function (Abramowitz–Stegun 7.1.26, error below 1e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A normal curve cut at 0: a duration is never negative. */
function normal(mean: number, sd: number): Duration {
  if (!(sd > 0)) return { within: (t) => (t >= mean ? 1 : 0), mean, variance: 0 };
  const below = normalCdf(-mean / sd);
  const within = (t: number) => (t <= 0 ? 0 : (normalCdf((t - mean) / sd) - below) / (1 - below));
  return { within, mean, variance: sd ** 2 };
}

/**
 * Durations like the given ones, smoothed with a normal kernel (Silverman's rule of thumb, floored so that
 * equal values still give a curve) reflected at 0, so that none of it falls below 0.
 */
function smoothed(values: number[], h: Handling): Duration {
  const mean = average(values);
  const variance = average(values.map((v) => (v - mean) ** 2));
  const width = Math.max(1.06 * Math.sqrt(variance) * values.length ** -0.2, 0.02 * h.aht);
  const within = (t: number) => {
    if (t <= 0) return 0;
    let sum = 0;
    for (const v of values) sum += normalCdf((t - v) / width) - normalCdf((-t - v) / width);
    return sum / values.length;
  };
  return { within, mean, variance: variance + width ** 2 };
}

/** A new contact, its handling time scaled by `scale` (to try a shorter or longer AHT). */
function newContact(h: Handling, scale: number): Duration {
  return h.samples.length === 0
    ? normal(h.aht * scale, h.sd * scale)
    : smoothed(
        h.samples.map((s) => s * scale),
        h,
      );
}

/**
 * The rest of a contact that has run `elapsed` seconds. With data, it is what the recorded contacts that
 * lasted longer than that had left: a contact still running after 8 minutes, where most take 5, is one of
 * the long ones, and "AHT − elapsed" would call it nearly over. Without data, or when it has outlasted
 * nearly every recorded contact, AHT − elapsed, floored at half a standard deviation (a tenth of the AHT
 * if they hardly vary): an overrun contact still takes a while.
 */
function knownRest(elapsed: number, h: Handling): Duration {
  const longer = h.samples.filter((s) => s > elapsed).map((s) => s - elapsed);
  if (longer.length >= MIN_LONGER) return smoothed(longer, h);
  const rest = Math.max(h.aht - elapsed, 0.5 * h.sd, 0.1 * h.aht);
  return normal(rest, Math.hypot(Math.min(h.sd, rest), rest * h.ahtError));
}

/**
 * The rest of a contact caught at a random moment, when its progress is not known. Renewal theory:
 * P(rest ≤ t) = E[min(S, t)] / E[S], mean E[S²] / (2·E[S]), second moment E[S³] / (3·E[S]).
 * Without data, a normal curve around (AHT² + SD²) / (2·AHT).
 */
function unknownRest(h: Handling): Duration {
  if (h.samples.length === 0) return normal((h.aht ** 2 + h.sd ** 2) / (2 * h.aht), h.sd);
  const moment = (k: number) => average(h.samples.map((s) => s ** k));
  const [first, mean] = [moment(1), moment(2) / (2 * moment(1))];
  const within = (t: number) => {
    let sum = 0;
    for (const s of h.samples) sum += Math.min(s, Math.max(t, 0));
    return sum / h.samples.length / first;
  };
  return { within, mean, variance: moment(3) / (3 * first) - mean ** 2 };
}

/**
 * When each clerk is next free: a busy one when its contact ends (entries of busyElapsedSeconds beyond
 * the busy clerks are ignored, missing ones are unknown), a free one when the contact with the citizen it
 * takes now ends.
 */
function firstEnds(busy: number, freeNow: number, elapsed: number[], h: Handling): (next: Duration) => Duration[] {
  // Shared objects for equal durations: freedBy works each one out once.
  const unknown = unknownRest(h);
  const rests = Array.from({ length: busy }, (_, i) => {
    const e = elapsed[i];
    return e === undefined || !Number.isFinite(e) ? unknown : knownRest(Math.max(e, 0), h);
  });
  return (next) => [...rests, ...Array<Duration>(freeNow).fill(next)];
}

/**
 * P(at least k clerks have become free by t, counting one clerk once per contact ended). A clerk's j-th
 * end is its first end plus j − 1 new contacts (a normal curve beyond the first); the clerks' counts are
 * added up exactly, by convolution, capped at k.
 */
function freedBy(t: number, k: number, clerks: Duration[], next: Duration): number {
  const known = new Map<Duration, number[]>();
  const tailsOf = (clerk: Duration) => {
    const tails: number[] = []; // tails[j - 1] = P(this clerk has ended j contacts or more by t)
    for (let j = 1; j <= k; j++) {
      const later = j - 1;
      const p =
        j === 1 ? clerk.within(t) : normalCdf((t - clerk.mean - later * next.mean) / Math.sqrt(clerk.variance + later * next.variance));
      const tail = Math.min(p, tails.at(-1) ?? 1);
      if (tail < 1e-12) break;
      tails.push(tail);
    }
    known.set(clerk, tails);
    return tails;
  };
  let ways = new Float64Array(k + 1); // ways[n] = P(n ends so far), ways[k] = P(k or more)
  ways[0] = 1;
  for (const clerk of clerks) {
    const tails = known.get(clerk) ?? tailsOf(clerk);
    if (tails.length === 0) continue;
    const after = new Float64Array(k + 1);
    for (let n = 0; n <= k; n++) {
      const w = ways[n]!;
      // The counts bunch around their mean: skipping the negligible ones makes a long queue affordable.
      if (w < 1e-15) continue;
      if (n === k) {
        after[k] = after[k]! + w;
        continue;
      }
      for (let j = 0; j <= tails.length; j++) {
        const exactly = (j === 0 ? 1 : tails[j - 1]!) - (j < tails.length ? tails[j]! : 0);
        const to = Math.min(n + j, k);
        after[to] = after[to]! + w * exactly;
      }
    }
    ways = after;
  }
  return ways[k]!;
}

/**
 * The first point of a fixed grid at which P(k clerks freed by t) reaches q. The grid has half-second
 * steps up to 1024 s, then 1/2048 of the power of two above (32 s at 17 hours); being the same for every
 * input, it keeps the result monotonic in them: a load that frees clerks sooner at every t can only get
 * an earlier or equal answer. Bisection, after doubling to the first power of two where q is reached.
 */
function percentile(q: number, k: number, clerks: Duration[], next: Duration): number {
  if (freedBy(0, k, clerks, next) >= q) return 0;
  let [lo, hi] = [0, 512];
  for (let i = 0; i < 40 && freedBy(hi, k, clerks, next) < q; i++) [lo, hi] = [hi, hi * 2];
  const step = Math.max(0.5, hi / 2048);
  while (hi - lo > step) {
    const mid = (lo + hi) / 2;
    if (freedBy(mid, k, clerks, next) >= q) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The 10th–90th percentile range of the wait of the citizen at `position`, with no clerk free for them:
 * they are served when position − freeNow + 1 contacts have ended. The AHT itself is uncertain, so the
 * low end assumes new contacts one standard error shorter, the high end one longer.
 */
function positionRange(position: number, freeNow: number, clerks: (next: Duration) => Duration[], h: Handling): [number, number] {
  const k = position - freeNow + 1;
  const [shorter, longer] = [newContact(h, Math.max(0.5, 1 - h.ahtError)), newContact(h, 1 + h.ahtError)];
  const low = percentile(1 - HIGH_SHARE, k, clerks(shorter), shorter);
  const high = percentile(HIGH_SHARE, k, clerks(longer), longer);
  return [Math.min(low, high), high];
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
  const fallback = opts.defaultHandleSeconds ?? DEFAULT_HANDLE_SECONDS;
  if (!(fallback > 0) || !Number.isFinite(fallback)) throw new RangeError(`defaultHandleSeconds must be positive, got ${fallback}`);
  const agents = count(load.agents);
  if (agents === 0) return { lowSeconds: 0, highSeconds: 0, basis: 'no_agents' };
  const position = count(load.position);
  const freeNow = Math.min(count(load.freeAgents), agents);
  const h = handling(load.recentHandleSeconds, fallback);
  const dataBasis = h.samples.length > 0 ? 'aht' : 'default_aht';
  if (freeNow > position) return { lowSeconds: 0, highSeconds: 0, basis: dataBasis };

  const busy = agents - freeNow;
  const clerks = firstEnds(busy, freeNow, load.busyElapsedSeconds, h);
  const progressKnown = load.busyElapsedSeconds.length >= busy;
  const erlang = position === 0 && freeNow === 0 && !progressKnown ? erlangRange(agents, load.arrivalsPerHour, h.aht) : null;
  const [low, high] = positionRange(position, freeNow, clerks, h);
  if (erlang) {
    // Erlang C averages over every queue a newcomer might find, so near saturation it counts citizens
    // ahead who are not there (and past it, A ≥ N, it has no answer): it never exceeds the clerks' own range.
    const erlangHigh = Math.min(erlang[1], high);
    return {
      lowSeconds: Math.min(erlang[0], low, erlangHigh),
      highSeconds: erlangHigh,
      basis: h.samples.length > 0 ? 'erlang_c' : 'default_aht',
    };
  }
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
