'use strict';
// A weather-station telemetry service: each route below is one way a
// request or job reaches one of its bugs.
const { start } = require('./report');
const ingest = require('./ingest');
const stats = require('./stats');

// Retries a step with backoff levels; the last level runs it: the same
// bug deeper in the stack.
function withRetries(level, step) {
  return level > 0 ? withRetries(level - 1, step) : step();
}

function onUpload(id) {
  return ingest.ingestBatch(id);
}

function replayArchive(ids) {
  return withRetries(2, () => Promise.all(ids.map((id) => ingest.ingestBatch(id))));
}

function dashboard(id) {
  return ingest.publishSummary(id).then((text) => ({ text }));
}

function dailyDigest(ids) {
  return withRetries(3, () => ids.reduce((p, id) => p.then(() => ingest.publishSummary(id)), Promise.resolve()));
}

function receive(reading) {
  return ingest.normalize([reading]);
}

function backfill(readings) {
  return withRetries(2, () => ingest.normalize(readings));
}

function calibrate(sensor, raw) {
  return stats.checkRange(raw, sensor);
}

function configure(settings) {
  return ingest.connectSink(settings.sink);
}

function failover(sinks) {
  return withRetries(1, () => sinks.map((s) => ingest.connectSink(s)));
}

function hourlyMean(values) {
  return stats.average(values);
}

function stationReport(stations) {
  return withRetries(2, () => stations.map((s) => ({ name: s.name, mean: stats.average(s.values) })));
}

start({
  'then-readings': {
    1: () => onUpload(8),
    2: () => replayArchive([7, 8]),
  },
  'then-summary': {
    1: () => dashboard(8),
    2: () => dailyDigest([7, 8]),
  },
  'fail-unit': {
    1: () => receive({ sensor: 'n1', value: 70, unit: 'X' }),
    2: () => backfill([{ sensor: 's2', value: 280, unit: 'K' }, { sensor: 's3', value: 3, unit: 'R' }]),
  },
  'fail-range': {
    1: () => receive({ sensor: 'n2', value: 400, unit: 'K' }),
    2: () => calibrate('s4', 99),
  },
  'url-sink': {
    1: () => configure({ sink: 'metrics.internal/ingest' }),
    2: () => failover(['https://a.example/ingest', '//b.example/ingest']),
  },
  'reduce-empty': {
    1: () => hourlyMean([]),
    2: () => stationReport([{ name: 'north', values: [3, 4] }, { name: 'south', values: [] }]),
  },
});
