// A ticket booking service. `node booking.min.mjs BUG PATH DEPTH` replays the
// requests that reach bug BUG through caller path PATH (1 or 2), DEPTH
// middleware layers deep; the crash handler (crash.js) reports whatever is
// thrown, as the Bugsnag Node notifier would.
import { installCrashHandler } from "./crash.js";
import { loadVenue, renderSeatMap, indexEvents, transferTicket } from "./events.js";
import { reserveSeats, chargeCard, createBooking, processRefunds, parseWebhook } from "./orders.js";
// @since 1.1.0
import { describeVenue } from "./events.js";
// @end

installCrashHandler(__RELEASE__);

const venue = {
  name: "Hall",
  sections: { A: { id: "A" }, B: { id: "B" } },
  rows: [
    { name: "1", section: "A", seats: 20 },
    { name: "2", section: "C", seats: 18 },
  ],
};

function showSeatMap() {
  return renderSeatMap(venue);
}

function printTickets() {
  const map = renderSeatMap({ ...venue, rows: [...venue.rows].reverse() });
  return map.split("\n").length;
}

function listingPage() {
  return indexEvents([{ id: 1, venue: { id: "hall" } }, { id: 2, name: "tba" }]);
}

function sitemap() {
  const events = [{ id: 3, name: "late show" }];
  return [...indexEvents(events).keys()].join(",");
}

function buyTickets() {
  return reserveSeats({ id: 41, available: 2 }, 5);
}

function groupBooking() {
  const show = { id: 42, available: 10 };
  for (const size of [4, 4, 4]) reserveSeats(show, size);
  return show.available;
}

function checkout() {
  const booking = createBooking({ id: "c7" }, ["A1"]);
  return chargeCard({ last4: "4242", limit: 20 }, 95 * booking.seats.length);
}

function renewMembership() {
  return chargeCard({ last4: "0005", limit: 0 }, 40);
}

function emptyCart() {
  return createBooking({ id: "c8" }, []);
}

function importBookings() {
  return [["A1"], []].map((seats, i) => createBooking({ id: `imp${i}` }, seats));
}

function giftTicket() {
  return transferTicket({ id: "t1", holder: "ann" }, "ann");
}

function resaleMarket() {
  const tickets = [{ id: "t2", holder: "bob" }, { id: "t3", holder: "eve" }];
  return tickets.map((t) => transferTicket(t, "eve"));
}

function refundCancelledShow() {
  return processRefunds([{ id: 1, payment: { amount: 10 } }, { id: 2 }]);
}

function chargeback() {
  return processRefunds([{ id: 3 }]).then((r) => r.length);
}

function venueImport() {
  return loadVenue("{'name': 'Hall'}");
}

function venueCache() {
  // @since 1.1.0
  describeVenue(venue);
  // @end
  return loadVenue('{"name": "Annex", "rows": [}');
}

function paymentWebhook() {
  return parseWebhook("event=payment.succeeded");
}

function webhookRetry() {
  return ["{\"type\":\"ok\"}", "<html>502 Bad Gateway</html>"].map(parseWebhook);
}

const routes = {
  "seatmap-foreach": [showSeatMap, printTickets],
  "tags-map": [listingPage, sitemap],
  soldout: [buyTickets, groupBooking],
  declined: [checkout, renewMembership],
  "invariant-create": [emptyCart, importBookings],
  "invariant-transfer": [giftTicket, resaleMarket],
  "refund-then": [refundCancelledShow, chargeback],
  "venue-json": [venueImport, venueCache],
  "webhook-json": [paymentWebhook, webhookRetry],
};

// Middleware layers around the handler (logging, auth, rate limits, ...).
function middleware(depth, handler) {
  if (depth <= 1) return handler();
  return middleware(depth - 1, handler);
}

const [bug, path, depth] = process.argv.slice(2);
const handler = routes[bug]?.[Number(path) - 1];
if (!handler) {
  console.error("usage: booking BUG PATH DEPTH");
  process.exit(2);
}
const result = middleware(Number(depth), handler);
Promise.resolve(result).then((r) => console.log("no crash", r));
