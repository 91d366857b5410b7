package com.example.shop;

/** Thrown when the inventory cannot cover a request. */
class OutOfStockException extends RuntimeException {
    OutOfStockException(String name, int wanted, int have) {
        super("only " + have + " of " + name + ", wanted " + wanted);
    }
}
