// Orders: checkout and invoices.
import { formatAddress, formatLabel } from "./format.js";
import { money } from "./util.js";
// @since 1.1.0
import { audit } from "./audit.js";
// @end

export function checkout(order) {
  // @since 1.1.0
  audit("checkout", { id: order.id });
  // @end
  const label = shipTo(order);
  return { id: order.id, label };
}

function shipTo(order) {
  const address = formatAddress(order.customer);
  return formatLabel(order, address);
}

// @since 1.2.0
export function cancel(order) {
  audit("cancel", { id: order.id });
  return { ...order, state: "cancelled" };
}
// @end

export function renderInvoice(order) {
  const lines = [`Invoice ${order.id}`];
  lines.push(formatAddress(order.customer));
  lines.push(`Total: ${money(order.total * 100)}`);
  return lines.join("\n");
}
