// Summaries of the benchmark's samples: median, and a percentile-bootstrap 95% interval of it.

/** The median of `a` (the upper middle for an even count); NaN when empty. */
export function median(a) {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

/** A small seeded generator (mulberry32), so that a run's interval can be recomputed. */
function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The 95% percentile-bootstrap interval of the median of `a`: `resamples` resamples of the
 * same size, drawn with replacement; the 2.5th and 97.5th percentiles of their medians.
 */
export function bootstrapMedian(a, resamples = 4000, seed = 14) {
  if (a.length < 2) return [NaN, NaN];
  const random = generator(seed);
  const medians = new Float64Array(resamples);
  const sample = new Array(a.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.length; i++) sample[i] = a[Math.floor(random() * a.length)];
    medians[r] = median(sample);
  }
  medians.sort();
  return [medians[Math.floor(resamples * 0.025)], medians[Math.ceil(resamples * 0.975) - 1]];
}
