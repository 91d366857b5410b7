// Events, venues and seat maps.
import { invariant } from "./errors.js";

export function loadVenue(raw) {
  const venue = JSON.parse(raw);
  return { ...venue, loadedAt: Date.now() };
}

// seatmap-foreach: a row whose section is missing from the venue.
export function renderSeatMap(venue) {
  const lines = [];
  venue.rows.forEach((row) => {
    const section = venue.sections[row.section];
    lines.push(`${section.id}-${row.name}: ${row.seats}`);
  });
  return lines.join("\n");
}

// @since 1.1.0
export function describeVenue(venue) {
  return `${venue.name} (${venue.rows.length} rows)`;
}
// @end

// tags-map: an event listed without its venue.
export function indexEvents(events) {
  const byVenue = new Map();
  events
    .map((event) => [event.venue.id, event])
    .forEach(([id, event]) => byVenue.set(id, [...(byVenue.get(id) ?? []), event]));
  return byVenue;
}

// invariant-transfer: a ticket transferred to its own holder.
export function transferTicket(ticket, to) {
  invariant(ticket.holder !== to, `ticket ${ticket.id} already belongs to ${to}`);
  return { ...ticket, holder: to };
}
