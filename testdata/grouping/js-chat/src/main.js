// A chat server. `node chat.min.mjs BUG PATH DEPTH` replays the client
// session that reaches bug BUG through session PATH (1 or 2), with DEPTH
// nested plugin hooks; the crash handler (crash.js) reports what is thrown.
import { installCrashHandler } from "./crash.js";
import { throttle, moderate, deliver, fetchHistory, unfurl, joinRoom } from "./rooms.js";
import { checkLength } from "./messages.js";
// @since 1.1.0
import { preview } from "./messages.js";
// @end

installCrashHandler(__RELEASE__);

const room = { id: "general", members: { ann: { userId: 1 }, bob: { userId: 2 } } };

const store = {
  load(id) {
    return Promise.resolve([
      { id: 1, body: "hi **all**" },
      { id: 2, body: undefined },
    ]);
  },
};

function sendMessage(text) {
  const message = checkLength({ user: "ann", text });
  // @since 1.1.0
  console.log(preview(text));
  // @end
  return deliver(room, moderate(message, ["spam"]));
}

const sessions = {
  mention: [
    () => sendMessage("hello @carol"),
    () => ["@ann ok", "@dave?"].map((t) => deliver(room, { text: t })),
  ],
  history: [() => fetchHistory(room, store), () => fetchHistory({ id: "random" }, store).then((h) => h.length)],
  ratelimit: [
    () => {
      const now = Date.now();
      throttle("bob", now);
      throttle("bob", now + 200);
    },
    () => ["a", "b", "c"].forEach((t, i) => throttle("eve", 5000 + i)),
  ],
  moderation: [() => sendMessage("buy spam now"), () => moderate({ text: "SPAM!!" }, ["spam"])],
  "bad-link": [
    () => unfurl({ text: "see https://example.com/%E0%A4%A" }),
    () => sendMessage("x") && unfurl({ text: "http://a.example/%zz and more" }),
  ],
  "bad-invite": [
    () => joinRoom(room, { user: "zed", link: "not a url" }),
    () => [{ user: "kim", link: "" }].map((invite) => joinRoom(room, invite)),
  ],
  "too-long": [() => sendMessage("x".repeat(300)), () => checkLength({ text: "y".repeat(201) })],
};

function withPlugins(depth, session) {
  if (depth <= 1) return session();
  return withPlugins(depth - 1, session);
}

const [bug, path, depth] = process.argv.slice(2);
const session = sessions[bug]?.[Number(path) - 1];
if (!session) {
  console.error("usage: chat BUG PATH DEPTH");
  process.exit(2);
}
Promise.resolve(withPlugins(Number(depth), session)).then((r) => console.log("no crash", r));
