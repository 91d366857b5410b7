'use strict';
const { invariant } = require('./util');
const { OverbookedError } = require('./errors');

const ROOMS = [
  { number: 101, floor: 1, capacity: 2, amenities: ['bath', 'desk'] },
  { number: 102, floor: 1, capacity: 3, amenities: ['shower'] },
  { number: 201, floor: 2, capacity: 4 }, // no amenities recorded
  { number: 202, floor: 2, capacity: 1, amenities: ['desk'] },
];

const RATES = { low: { amount: 80 }, high: { amount: 140 } };

// Rooms on `floor` offering `amenity`.
function listAvailable(floor, amenity) {
  const found = [];
  ROOMS.filter((r) => r.floor === floor).forEach((room) => {
    if (room.amenities.includes(amenity)) {
      found.push(room.number);
    }
  });
  return found;
}

// Total price of a stay, night by night at each night's season rate.
function priceStay(nights) {
  let total = 0;
  nights.forEach((night) => {
    total += RATES[night.season].amount;
  });
  return total;
}

function assignRoom(number, guests) {
  const room = ROOMS.find((r) => r.number === number);
  invariant(guests <= room.capacity, `room ${number} sleeps ${room.capacity}, not ${guests}`);
  return { room: number, guests };
}

const booked = new Map([[201, new Set([3, 4])]]);

function reserve(number, nights) {
  const taken = booked.get(number) || new Set();
  for (const night of nights) {
    if (taken.has(night)) {
      throw new OverbookedError(number, night);
    }
    taken.add(night);
  }
  booked.set(number, taken);
  return { room: number, nights };
}

module.exports = { ROOMS, listAvailable, priceStay, assignRoom, reserve };
