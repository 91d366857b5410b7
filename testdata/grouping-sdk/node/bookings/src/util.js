'use strict';
const { InvariantError } = require('./errors');

// Throws when a condition the caller relies on does not hold.
function invariant(condition, message) {
  if (!condition) {
    throw new InvariantError(message);
  }
}

function nightsBetween(checkin, checkout) {
  const day = 24 * 60 * 60 * 1000;
  return Math.round((Date.parse(checkout) - Date.parse(checkin)) / day);
}

function delay(value) {
  return new Promise((resolve) => setImmediate(() => resolve(value)));
}

module.exports = { invariant, nightsBetween, delay };
