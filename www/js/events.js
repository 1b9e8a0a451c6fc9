// Event log: every auth event the SDK delivers, newest first.
import { el, h } from './dom.js';
import { displayName, profileOf } from './user.js';

const EVENT_LIMIT = 50;

/** Adds `event` (with the session `s` it came with) at the top of the log. */
export function logEvent(event, s) {
  const user = s?.user;
  const who = user ? (user.is_anonymous && !profileOf(user).nickname ? `guest ${user.id}` : displayName(user)) : 'no session';
  const li = h(
    'li',
    { dataset: { event: String(event) } },
    h('span', { class: 'event-name' }, String(event)),
    h('span', { class: 'event-who' }, who),
    h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString()),
  );
  el.events.prepend(li);
  while (el.events.children.length > EVENT_LIMIT) el.events.lastElementChild.remove();
  el.eventsEmpty.hidden = true;
}

/** Wires the log's "Clear" button. */
export function initEvents() {
  el.clearEvents.addEventListener('click', () => {
    el.events.replaceChildren();
    el.eventsEmpty.hidden = false;
  });
}
