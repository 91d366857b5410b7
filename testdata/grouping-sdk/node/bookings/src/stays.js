'use strict';
const { invariant, nightsBetween, delay } = require('./util');

function validateDates(checkin, checkout) {
  invariant(nightsBetween(checkin, checkout) > 0, `checkout ${checkout} is not after checkin ${checkin}`);
  return { checkin, checkout };
}

const BOOKINGS = {
  B1: { id: 'B1', guest: { name: ' Ada ' } },
  B2: { id: 'B2' }, // guest record lost in a migration
};

function lookupBooking(id) {
  return delay(BOOKINGS[id]);
}

// Confirms a booking to its guest; resolves to the greeting sent.
function confirmBooking(id) {
  return lookupBooking(id).then((booking) => `Welcome, ${booking.guest.name.trim()}`);
}

function loadRoomTypes(text) {
  const types = JSON.parse(text);
  return Object.keys(types).length;
}

// One reservation per line, as channel managers export them.
function importReservations(text) {
  const entries = [];
  text.split('\n').forEach((line) => {
    entries.push(JSON.parse(line));
  });
  return entries;
}

module.exports = { validateDates, confirmBooking, loadRoomTypes, importReservations };
