// Durations in words.

/** A time from now: "in 4 min 05 s" for a positive `ms`, "12 s ago" for a negative one. */
export function relative(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  let text;
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  else text = `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** A short wait for a button label: "45 s", "3 min". */
export function waitText(seconds) {
  return seconds > 90 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
}

/** A wait for a sentence: "1 second", "5 minutes", "2 h 10 min". */
export function formatWait(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 0));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} minutes`;
  const hours = Math.floor(m / 60);
  return `${hours} h ${m % 60} min`;
}
