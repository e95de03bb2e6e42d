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
/** The share of samples clamped at each end (winsorised) against the odd contact left open for hours. */
const TRIM = 0.1;
/** Assumed spread of handling times without data: counter contacts vary a lot (coefficient of variation). */
const DEFAULT_CV = 0.5;
/** Assumed relative error of a default AHT (it is a guess, not a measurement). */
const DEFAULT_AHT_ERROR = 0.25;
/** z of the 10th and 90th percentiles of a normal distribution: the range aims at 80 % of waits. */
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
  fromData: boolean;
}

function handling(samples: number[], defaultSeconds: number): Handling {
  const valid = samples.filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b);
  if (valid.length < MIN_SAMPLES) {
    return { aht: defaultSeconds, sd: DEFAULT_CV * defaultSeconds, ahtError: DEFAULT_AHT_ERROR, fromData: false };
  }
  const cut = Math.floor(valid.length * TRIM);
  const [lowest, highest] = [valid[cut]!, valid[valid.length - 1 - cut]!];
  const clamped = valid.map((s) => Math.min(Math.max(s, lowest), highest));
  const aht = clamped.reduce((sum, s) => sum + s, 0) / clamped.length;
  const sd = Math.sqrt(clamped.reduce((sum, s) => sum + (s - aht) ** 2, 0) / (clamped.length - 1));
  return { aht, sd, ahtError: sd / aht / Math.sqrt(clamped.length), fromData: true };
}

/** Non-negative whole number, for inputs that come from counters. */
function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The expected rest of each busy contact. One that has run past the AHT still takes a while (a long
 * contact tends to be a hard one): the rest is floored at half a standard deviation, and at a tenth of the
 * AHT when the samples hardly vary. A contact whose progress is unknown gets the mean rest of a contact
 * caught at a random moment, (AHT² + SD²) / (2·AHT) (the renewal-theory residual).
 */
function residuals(busy: number, elapsed: number[], h: Handling): number[] {
  const floor = Math.max(0.5 * h.sd, 0.1 * h.aht);
  const unknown = (h.aht ** 2 + h.sd ** 2) / (2 * h.aht);
  return Array.from({ length: busy }, (_, i) => {
    const e = elapsed[i];
    return e === undefined || !Number.isFinite(e) ? unknown : Math.max(h.aht - Math.max(e, 0), floor);
  });
}

/**
 * When each of the first `citizens` in line gets a clerk, if every contact took exactly the AHT: clerks
 * are free at 0 (free now) or at their contact's expected rest, and the earliest free clerk takes the next
 * citizen. Adding a clerk, a longer AHT or a place in line can only move these times the expected way.
 */
function schedule(citizens: number, freeNow: number, rests: number[], aht: number): number[] {
  const freeAt = [...Array<number>(freeNow).fill(0), ...rests].sort((a, b) => a - b);
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

/** The range of the wait of the citizen at `position`, from the schedule and the spread of handling times. */
function positionRange(position: number, agents: number, freeNow: number, rests: number[], h: Handling): [number, number] {
  const starts = schedule(position + 1, freeNow, rests, h.aht);
  const busy = rests.length;
  let [low, high] = [0, 0];
  for (let p = 0; p <= position; p++) {
    const centre = starts[p]!;
    // Completions the citizen needs beyond the free clerks: the first `busy` end current contacts, the
    // rest are later contacts, whose sum, shared among the clerks, varies by SD·√n / agents.
    const needed = p - freeNow + 1;
    if (needed <= 0) continue;
    const later = Math.max(0, needed - busy);
    const variance = h.sd ** 2 + (later * h.sd ** 2) / agents ** 2 + (centre * h.ahtError) ** 2;
    const margin = Z * Math.sqrt(variance);
    // Nobody waits less than the citizen ahead: carrying the bounds forward keeps them monotonic in position.
    low = Math.max(low, centre - margin, 0);
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
  const dataBasis = h.fromData ? 'aht' : 'default_aht';
  if (freeNow > position) return { lowSeconds: 0, highSeconds: 0, basis: dataBasis };

  const rests = residuals(agents - freeNow, load.busyElapsedSeconds, h);
  const progressKnown = load.busyElapsedSeconds.length >= rests.length;
  const erlang = position === 0 && freeNow === 0 && !progressKnown ? erlangRange(agents, load.arrivalsPerHour, h.aht) : null;
  if (erlang) {
    // Erlang C averages over every queue a newcomer might find, so near saturation it counts citizens
    // ahead who are not there. The next in line never waits longer than the one behind: cap it by that.
    const [behindLow, behindHigh] = positionRange(1, agents, freeNow, rests, h);
    const high = Math.min(erlang[1], behindHigh);
    return { lowSeconds: Math.min(erlang[0], behindLow, high), highSeconds: high, basis: h.fromData ? 'erlang_c' : 'default_aht' };
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
