'use strict';
// Error reporting for the corpus's Node programs: wires the SDK that
// CP_SDK names (bugsnag | backtrace) to the capture server at CP_ENDPOINT,
// then runs the route that argv selects, either catching its error and
// reporting it (handled) or letting it escape to the SDK's own handlers
// (unhandled). Copied into each program's src/ by the build, so it is
// bundled and minified with the program like any module of the app.
//
//   node main.js BUG PATH handled|unhandled
//   node main.js --flush      (Backtrace: send what the last crash stored)
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const sdk = process.env.CP_SDK;
const endpoint = process.env.CP_ENDPOINT;

function startBugsnag() {
  const Bugsnag = require('@bugsnag/js');
  Bugsnag.start({
    apiKey: '0123456789abcdef0123456789abcdef',
    endpoints: { notify: endpoint + '/notify', sessions: endpoint + '/sessions' },
    appVersion: pkg.version,
    releaseStage: 'production',
    projectRoot: root,
    logger: null,
  });
  return (err) => new Promise((resolve) => Bugsnag.notify(err, null, () => resolve()));
}

function startBacktrace() {
  const { BacktraceClient } = require('@backtrace/node');
  const database = path.join(root, 'bt-database');
  // 0.8.3 fails with ENOENT when the directory is missing, whatever
  // createDatabaseDirectory says.
  fs.mkdirSync(database, { recursive: true });
  const client = BacktraceClient.initialize({
    url: endpoint + '/post?format=json&token=' + '0123456789abcdef'.repeat(4),
    database: { enable: true, path: database, createDatabaseDirectory: true, autoSend: true },
  });
  const send = (err) => client.send(err);
  send.client = client;
  send.database = database;
  return send;
}

function start(routes) {
  const report = sdk === 'backtrace' ? startBacktrace() : startBugsnag();
  const [bug, which, mode] = process.argv.slice(2);
  if (bug === '--flush') {
    // Backtrace delivers an uncaught crash on the next launch, from its
    // database: wait until the stored reports are gone.
    const deadline = Date.now() + 10000;
    const poll = () => {
      const left = fs.readdirSync(report.database).filter((f) => f.endsWith('.json'));
      if (left.length === 0 || Date.now() > deadline) {
        report.client.dispose();
        process.exit(left.length === 0 ? 0 : 3);
      }
      setTimeout(poll, 50);
    };
    setTimeout(poll, 200);
    return;
  }
  const route = routes[bug] && routes[bug][which];
  if (!route) {
    console.error(`usage: BUG PATH handled|unhandled; bugs: ${Object.keys(routes).join(', ')}`);
    process.exit(64);
  }
  if (mode === 'unhandled') {
    route();
    return;
  }
  let pending;
  try {
    pending = Promise.resolve(route());
  } catch (err) {
    pending = Promise.reject(err);
  }
  pending.then(
    () => {
      console.error('no error');
      process.exit(65);
    },
    (err) => report(err).then(() => process.exit(1)),
  );
}

module.exports = { start };
