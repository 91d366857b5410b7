'use strict';
// The app's error classes. OverbookedError names itself after its
// constructor, so a minifier that renames the class renames the error too;
// InvariantError spells its name out.
class BookingError extends Error {
  constructor(message) {
    super(message);
    this.name = this.constructor.name;
  }
}

class OverbookedError extends BookingError {
  constructor(room, night) {
    super(`room ${room} is already booked on night ${night}`);
    this.room = room;
    this.night = night;
  }
}

class InvariantError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvariantError';
  }
}

module.exports = { BookingError, OverbookedError, InvariantError };
