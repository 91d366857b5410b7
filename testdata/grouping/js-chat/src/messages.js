// Message parsing and rendering.
import assert from "node:assert";

export class RateLimitError extends Error {
  constructor(user, retryAfter) {
    super(`user ${user} is sending too fast, retry in ${retryAfter}s`);
    this.name = this.constructor.name;
    this.retryAfter = retryAfter;
  }
}

export class ModerationError extends Error {
  constructor(reason) {
    super(`message blocked: ${reason}`);
    this.name = this.constructor.name;
  }
}

export function extractMentions(message, members) {
  const mentions = [];
  message.text.split(/\s+/).forEach((word) => {
    if (word.startsWith("@")) mentions.push(members[word.slice(1)].userId);
  });
  return mentions;
}

export function renderMarkdown(text) {
  return text
    .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
    .replace(/_(.+?)_/g, "<i>$1</i>");
}

export function decodeLink(href) {
  return decodeURIComponent(href);
}

export function checkLength(message) {
  assert.ok(message.text.length <= 200, "message too long");
  return message;
}

// @since 1.1.0
export function preview(text) {
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
// @end
