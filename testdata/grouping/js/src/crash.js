// The app's crash handler: an uncaught exception becomes one Bugsnag notify
// payload (what @bugsnag/node sends) on standard output, frames parsed from
// the V8 stack as printed (file URL, 1-based line and column, method name as
// V8 prints it), nothing symbolicated.
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const FRAME = /^\s*at (?:(.+?) \()?(.+?)(?::(\d+):(\d+))?\)?$/;

function stacktrace(stack, projectRoot) {
  const frames = [];
  for (const line of String(stack).split("\n").slice(1)) {
    const m = line.match(FRAME);
    if (!m) continue;
    const file = m[2];
    const frame = { file, method: m[1] ?? "" };
    if (m[3]) {
      frame.lineNumber = Number(m[3]);
      frame.columnNumber = Number(m[4]);
    }
    frame.inProject = file.startsWith(projectRoot) && !file.includes("/node_modules/");
    frames.push(frame);
  }
  return frames;
}

export function installCrashHandler(release) {
  Error.stackTraceLimit = 64;
  const projectRoot = pathToFileURL(process.cwd()).href + "/";
  process.on("uncaughtException", (err) => {
    const payload = {
      apiKey: "0123456789abcdef0123456789abcdef",
      payloadVersion: "5",
      notifier: { name: "crashprint grouping corpus (node)", version: "1.0.0", url: "https://example.invalid" },
      events: [
        {
          exceptions: [
            {
              errorClass: err.name,
              message: err.message,
              type: "nodejs",
              stacktrace: stacktrace(err.stack, projectRoot),
            },
          ],
          unhandled: true,
          severity: "error",
          severityReason: { type: "unhandledException" },
          app: { version: release, releaseStage: "production", type: "node" },
          device: { time: new Date().toISOString(), runtimeVersions: { node: process.versions.node } },
        },
      ],
    };
    writeSync(1, JSON.stringify(payload) + "\n");
    process.exit(70);
  });
}
