package com.example.library;

/** Walks the library's branch hierarchy and runs the action at the leaf. */
final class Branches {
    static Object visit(int depth, App.Action action) {
        if (depth <= 1) {
            return action.run();
        }
        return "branch" + depth + "/" + visit(depth - 1, action);
    }
}
