package com.example.payroll;

/** Walks the cost-centre tree and runs the job at the leaf. */
final class CostCentres {
    static Object walk(int depth, App.Action action) {
        if (depth <= 1) return action.run();
        return walk(depth - 1, action);
    }
}
