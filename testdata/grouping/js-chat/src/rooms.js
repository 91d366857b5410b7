// Rooms, members and delivery.
import { extractMentions, renderMarkdown, decodeLink, RateLimitError, ModerationError } from "./messages.js";

const lastSent = new Map();

export function throttle(user, now) {
  const last = lastSent.get(user) ?? 0;
  if (now - last < 1000) throw new RateLimitError(user, Math.ceil((1000 - (now - last)) / 1000));
  lastSent.set(user, now);
}

export function moderate(message, banned) {
  for (const word of banned) {
    if (message.text.toLowerCase().includes(word)) throw new ModerationError(`contains "${word}"`);
  }
  return message;
}

export function deliver(room, message) {
  const mentions = extractMentions(message, room.members);
  return { room: room.id, html: renderMarkdown(message.text), notify: mentions };
}

export function fetchHistory(room, store) {
  return store.load(room.id).then((rows) => rows.map((row) => ({ ...row, html: renderMarkdown(row.body) })));
}

export function unfurl(message) {
  const links = message.text.match(/https?:\/\/\S+/g) ?? [];
  return links.map((href) => {
    const url = new URL(href);
    return { host: url.host, path: decodeLink(url.pathname) };
  });
}

export function joinRoom(room, invite) {
  const target = new URL(invite.link);
  room.members[invite.user] = { userId: invite.user, via: target.searchParams.get("ref") };
  return Object.keys(room.members).length;
}
