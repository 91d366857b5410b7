// The booking service's own error classes. Their names come from the
// constructor, so a minifier that renames classes renames them too.
export class BookingError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = this.constructor.name;
    this.details = details;
  }
}

export class SoldOutError extends BookingError {}

export class PaymentDeclinedError extends BookingError {
  constructor(message, code) {
    super(message, { code });
  }
}

// Throws when a condition the code relies on does not hold.
export function invariant(condition, message) {
  if (!condition) {
    throw new Error(`Invariant failed: ${message}`);
  }
}
