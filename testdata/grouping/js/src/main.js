// A small shop backend. `node app.min.mjs BUG PATH DEPTH` runs the code path
// that reaches one of its four bugs through caller path PATH (1 or 2), after
// DEPTH levels of recursion in the category walker. The crash handler
// (crash.js) reports whatever is thrown, as the Bugsnag Node notifier would.
import { installCrashHandler } from "./crash.js";
import { checkout, renderInvoice } from "./orders.js";
import { startup, reloadConfig } from "./config.js";
import { restock, reserve } from "./inventory.js";
import { priceCart, redeemCoupon } from "./pricing.js";
import { walkCategories } from "./util.js";
// @since 1.1.0
import { audit, flushAudit } from "./audit.js";
// @end

installCrashHandler(__RELEASE__);

const routes = {
  address: {
    1: () => checkout({ id: 7, customer: { name: "ann" } }),
    2: () => renderInvoice({ id: 9, total: 12, customer: { name: "bob" } }),
  },
  config: {
    1: () => startup({ CONFIG: "{retries: 3}" }),
    2: () => reloadConfig("{\"retries\": 3,}"),
  },
  quantity: {
    1: () => restock({ sku: "A-1", stock: 2 }, -5),
    2: () => reserve({ sku: "B-2", stock: 1 }, 4),
  },
  discount: {
    1: () => priceCart({ items: [{ price: 10, discount: 5 }, { price: 20, discount: 120 }] }),
    2: () => redeemCoupon({ total: 30 }, { code: "ALL", percent: 150 }),
  },
};

function main(argv) {
  const [bug, path, depth] = argv;
  const route = routes[bug] && routes[bug][path];
  if (!route) {
    console.error("usage: app BUG PATH DEPTH");
    process.exit(2);
  }
  // @since 1.1.0
  audit("request", { bug, path });
  // @end
  const result = walkCategories(buildTree(Number(depth)), route);
  // @since 1.1.0
  flushAudit();
  // @end
  console.log(result);
}

function buildTree(depth) {
  let node = { name: "leaf", children: [] };
  for (let i = 1; i < depth; i++) node = { name: `level${i}`, children: [node] };
  return node;
}

main(process.argv.slice(2));
