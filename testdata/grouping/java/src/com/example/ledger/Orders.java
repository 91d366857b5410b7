package com.example.ledger;

/** Orders: checkout and invoices. */
final class Orders {
    static final class Address {
        final String street;
        final String city;

        Address(String street, String city) {
            this.street = street;
            this.city = city;
        }
    }

    static final class Customer {
        final String name;
        final Address address;

        Customer(String name, Address address) {
            this.name = name;
            this.address = address;
        }
    }

    static final class Order {
        final int id;
        final Customer customer;

        Order(int id, Customer customer) {
            this.id = id;
            this.customer = customer;
        }
    }

    // @since 1.2.0
    static String countryOf(Customer customer) {
        return customer.name.endsWith(".de") ? "Germany" : "unknown";
    }
    // @end

    static String formatAddress(Customer customer) {
        String name = customer.name.trim();
        // @since 1.1.0
        if (name.length() > 40) throw new IllegalArgumentException("name too long");
        // @end
        return name + "\n" + customer.address.street + "\n" + customer.address.city;
    }

    static String checkout(Order order) {
        // @since 1.1.0
        Audit.log("checkout " + order.id);
        // @end
        return shipTo(order);
    }

    private static String shipTo(Order order) {
        String address = formatAddress(order.customer);
        return "#" + order.id + "\n" + address;
    }

    static String invoice(Order order) {
        StringBuilder sb = new StringBuilder("Invoice ").append(order.id).append('\n');
        sb.append(formatAddress(order.customer));
        return sb.toString();
    }
}
