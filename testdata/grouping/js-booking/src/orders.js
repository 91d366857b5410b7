// Orders: reservations, payments and refunds.
import { SoldOutError, PaymentDeclinedError, invariant } from "./errors.js";

// @since 1.2.0
const RESERVATION_TTL_MS = 10 * 60 * 1000;
// @end

// soldout: more seats than the show has left.
export function reserveSeats(show, count) {
  if (show.available < count) {
    throw new SoldOutError(`only ${show.available} seats left for show ${show.id}`, { show: show.id });
  }
  show.available -= count;
  // @since 1.2.0
  show.expires = Date.now() + RESERVATION_TTL_MS;
  // @end
  return { show: show.id, count };
}

// declined: the payment provider said no.
export function chargeCard(card, amount) {
  if (card.limit < amount) {
    throw new PaymentDeclinedError(`card ending ${card.last4} declined`, "insufficient_funds");
  }
  return { charged: amount };
}

// invariant-create: a booking without seats.
export function createBooking(customer, seats) {
  invariant(seats.length > 0, `booking for ${customer.id} has no seats`);
  return { customer: customer.id, seats };
}

// refund-then: a refund for an order that was never paid.
export function processRefunds(orders) {
  return Promise.all(
    orders.map((order) =>
      Promise.resolve(order).then((o) => ({ order: o.id, amount: o.payment.amount })),
    ),
  );
}

export function parseWebhook(body) {
  const event = JSON.parse(body);
  return { type: event.type, order: event.data?.order };
}
