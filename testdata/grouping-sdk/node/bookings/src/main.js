'use strict';
// A hotel booking service: each route below is one way a request or job
// reaches one of its bugs.
const { start } = require('./report');
const rooms = require('./rooms');
const stays = require('./stays');

// Walks the floors top down, running `visit` on the last one: the
// recursion puts the same bug deeper in the stack.
function walkFloors(floor, visit) {
  if (floor > 1) {
    return walkFloors(floor - 1, visit);
  }
  return visit(floor);
}

function searchRooms(query) {
  return rooms.listAvailable(query.floor, query.amenity);
}

function nightlyReport() {
  return walkFloors(3, (floor) => rooms.listAvailable(floor + 1, 'desk'));
}

function quote(nights) {
  return { total: rooms.priceStay(nights) };
}

function invoiceGroup(members) {
  return members.map((m) => quote(m.nights));
}

function checkoutFlow(id) {
  return stays.confirmBooking(id).then((greeting) => ({ greeting }));
}

function batchConfirm(ids) {
  return Promise.all(ids.map((id) => stays.confirmBooking(id)));
}

function amendBooking(change) {
  return stays.validateDates(change.from, change.to);
}

function webBooking(form) {
  const dates = stays.validateDates(form.checkin, form.checkout);
  return { ...dates, guest: form.guest };
}

function checkIn(number, party) {
  return rooms.assignRoom(number, party.length);
}

function groupCheckIn(groups) {
  return walkFloors(2, () => groups.map((g) => rooms.assignRoom(g.room, g.size)));
}

function reserveRoom(number, nights) {
  return rooms.reserve(number, nights);
}

function promoteWaitlist(waitlist) {
  return waitlist.map((w) => rooms.reserve(w.room, w.nights));
}

function boot(settings) {
  return rooms.ROOMS.length + stays.loadRoomTypes(settings);
}

function reloadSettings(files) {
  return walkFloors(2, () => files.map((f) => stays.loadRoomTypes(f)));
}

function importFile(text) {
  return stays.importReservations(text).length;
}

function syncChannelManager(feeds) {
  return feeds.reduce((n, feed) => n + stays.importReservations(feed).length, 0);
}

start({
  'forEach-amenities': {
    1: () => searchRooms({ floor: 2, amenity: 'bath' }),
    2: () => nightlyReport(),
  },
  'forEach-rates': {
    1: () => quote([{ season: 'low' }, { season: 'peak' }]),
    2: () => invoiceGroup([{ nights: [{ season: 'high' }] }, { nights: [{ season: 'festival' }] }]),
  },
  'then-confirm': {
    1: () => checkoutFlow('B2'),
    2: () => batchConfirm(['B1', 'B2']),
  },
  'invariant-dates': {
    1: () => amendBooking({ from: '2026-05-04', to: '2026-05-02' }),
    2: () => webBooking({ checkin: '2026-07-01', checkout: '2026-07-01', guest: 'Lin' }),
  },
  'invariant-capacity': {
    1: () => checkIn(202, ['Ada', 'Lin']),
    2: () => groupCheckIn([{ room: 101, size: 2 }, { room: 102, size: 5 }]),
  },
  overbooked: {
    1: () => reserveRoom(201, [2, 3]),
    2: () => promoteWaitlist([{ room: 101, nights: [7] }, { room: 201, nights: [4] }]),
  },
  'json-roomtypes': {
    1: () => boot('{"single": 1, "double": 2,}'),
    2: () => reloadSettings(['{"suite": 4}', "{'family': 5}"]),
  },
  'json-import': {
    1: () => importFile('{"id": "R1"}\n{"id": "R2"'),
    2: () => syncChannelManager(['{"id": "R3"}', '{"id": "R4"}\nR5']),
  },
});
