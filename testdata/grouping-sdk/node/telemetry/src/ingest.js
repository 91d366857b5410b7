'use strict';
const stats = require('./stats');

const BATCHES = {
  7: { station: 'north', readings: [{ sensor: 'n1', value: 21, scale: 1 }] },
  8: { station: 'south' }, // the gateway dropped the readings
};

function fetchBatch(id) {
  return new Promise((resolve) => setTimeout(() => resolve(BATCHES[id]), 1));
}

// Scaled values of a batch of readings.
function ingestBatch(id) {
  return fetchBatch(id).then((batch) => batch.readings.map((r) => r.value * r.scale));
}

function summarize(id) {
  return fetchBatch(id).then((batch) => (batch.readings ? { max: Math.max(...batch.readings.map((r) => r.value)) } : {}));
}

// The station's daily maximum, as published on the dashboard.
function publishSummary(id) {
  return summarize(id).then((summary) => summary.max.toFixed(2));
}

function connectSink(address) {
  const url = new URL(address);
  return { host: url.host, path: url.pathname };
}

function normalize(readings) {
  return readings.map((r) => stats.checkRange(stats.convertUnit(r), r.sensor));
}

module.exports = { ingestBatch, publishSummary, connectSink, normalize };
