package com.example.ledger;

/** Walks a chain of departments and runs the action at the last one. */
final class Departments {
    static Object walk(int depth, App.Action action) {
        if (depth <= 1) {
            return action.run();
        }
        Object inner = walk(depth - 1, action);
        return "dept" + depth + ":" + inner;
    }
}
