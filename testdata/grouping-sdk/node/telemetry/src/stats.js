'use strict';
const { fail } = require('./guard');

const FACTORS = { C: 1, K: 1, F: 5 / 9 };
const OFFSETS = { C: 0, K: -273.15, F: -32 };

function convertUnit(reading) {
  if (!(reading.unit in FACTORS)) {
    fail(`unknown unit ${reading.unit}`, reading.sensor);
  }
  return (reading.value + OFFSETS[reading.unit]) * FACTORS[reading.unit];
}

function checkRange(celsius, sensor) {
  if (celsius < -90 || celsius > 60) {
    fail(`implausible temperature ${celsius.toFixed(1)}`, sensor);
  }
  return celsius;
}

function average(values) {
  return values.reduce((sum, v) => sum + v) / values.length;
}

module.exports = { convertUnit, checkRange, average };
