'use strict';
// Sensor data that cannot be used is rejected with a SensorError.

class SensorError extends Error {
  constructor(message, sensor) {
    super(message);
    this.name = new.target.name;
    this.sensor = sensor;
  }
}

function fail(message, sensor) {
  throw new SensorError(`${message} [sensor ${sensor}]`, sensor);
}

module.exports = { SensorError, fail };
