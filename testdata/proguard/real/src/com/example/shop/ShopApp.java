package com.example.shop;

/** Runs one failure scenario by name and prints its stack trace to stderr. */
public class ShopApp {
    static final String[] SCENARIOS = {
        "npe", "divide", "index", "lambda", "comparator", "checkout", "coupon", "overload", "ctor"
    };

    public static void main(String[] args) {
        String scenario = args.length > 0 ? args[0] : "list";
        try {
            run(scenario);
            System.out.println("no failure: " + scenario);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String scenario) {
        Inventory inventory = new Inventory();
        Cart cart = new Cart(inventory);
        switch (scenario) {
            case "npe":
                cart.add("apple", 2);
                cart.add(new Cart.Item(null, 3, 1));
                System.out.println(cart.describe());
                break;
            case "divide":
                System.out.println(cart.averagePrice());
                break;
            case "index":
                System.out.println(inventory.slot(7));
                break;
            case "lambda":
                inventory.restockAll(java.util.Arrays.asList("apple", "pear", "plum"), -1);
                break;
            case "comparator":
                System.out.println(inventory.sortedByStock(java.util.Arrays.asList("apple", "kiwi", "pear")));
                break;
            case "checkout":
                cart.add("pear", 40);
                new OrderService(inventory).checkout(cart);
                break;
            case "coupon":
                placeOrder(new OrderService(inventory), cart, "ten");
                break;
            case "overload":
                cart.add("apple");
                cart.add("pear", 0);
                break;
            case "ctor":
                cart.add("apple", 1);
                cart.add("fig", 2);
                break;
            default:
                throw new IllegalArgumentException("unknown scenario: " + scenario);
        }
    }

    private static void placeOrder(OrderService service, Cart cart, String coupon) {
        try {
            cart.add("apple", 1);
            service.applyCoupon(cart, coupon);
        } catch (IllegalArgumentException e) {
            throw new RuntimeException("order 42 failed", e);
        }
    }
}
