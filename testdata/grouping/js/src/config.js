// Settings, read at startup and reloaded when the file changes.
const DEFAULTS = { retries: 1, timeout: 30 };

export function parseConfig(text) {
  const parsed = JSON.parse(text);
  return { ...DEFAULTS, ...parsed };
}

function loadSettings(env) {
  // @since 1.2.0
  if (env.CONFIG_FILE) throw new Error("config files are not supported yet");
  // @end
  return parseConfig(env.CONFIG ?? "{}");
}

export function startup(env) {
  const settings = loadSettings(env);
  return settings.retries;
}

export function reloadConfig(text) {
  const listeners = [(t) => parseConfig(t)];
  // @since 1.1.0
  listeners.unshift((t) => t.length);
  // @end
  return listeners.map((listener) => listener(text));
}
