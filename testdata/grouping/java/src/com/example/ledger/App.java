package com.example.ledger;

/**
 * A small ledger app with four bugs. {@code java -jar app.jar BUG PATH DEPTH}
 * reaches bug BUG (npe, parse, index, state) through caller path PATH (1 or
 * 2) after DEPTH levels of recursion in the department walker; the crash
 * handler ({@link CrashHandler}) reports the uncaught exception.
 */
public final class App {
    static final String RELEASE = "@RELEASE@";

    interface Action {
        Object run();
    }

    public static void main(String[] args) {
        CrashHandler.install(RELEASE);
        if (args.length != 3) {
            System.err.println("usage: app BUG PATH DEPTH");
            System.exit(2);
        }
        // @since 1.1.0
        Audit.log("start " + args[0]);
        // @end
        Action action = route(args[0], Integer.parseInt(args[1]));
        Object result = Departments.walk(Integer.parseInt(args[2]), action);
        System.out.println(result);
    }

    static Action route(String bug, int path) {
        switch (bug + "/" + path) {
            case "npe/1": return () -> Orders.checkout(new Orders.Order(7, new Orders.Customer("ann", null)));
            case "npe/2": return () -> Orders.invoice(new Orders.Order(9, new Orders.Customer("bob", null)));
            case "parse/1": return () -> Importer.importLine("sku-1;many");
            case "parse/2": return () -> Importer.reloadSettings("retries=three");
            case "index/1": return () -> Stock.reserve(6);
            case "index/2": return () -> Stock.restock(2, 5);
            case "state/1": return () -> Pricing.priceCart(new int[] {10, 20}, new int[] {5, 120});
            case "state/2": return () -> Pricing.redeemCoupon(30, 150);
            default:
                System.err.println("unknown bug or path");
                System.exit(2);
                return null;
        }
    }
}
