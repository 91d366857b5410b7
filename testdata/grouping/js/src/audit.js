// Audit log (added in 1.1.0).
const entries = [];

export function audit(kind, data) {
  entries.push({ kind, at: Date.now(), ...data });
}

export function flushAudit() {
  const n = entries.length;
  entries.length = 0;
  return n;
}
