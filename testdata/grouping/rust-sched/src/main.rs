//! sched: a small job scheduler. `sched BUG PATH DEPTH` runs the workload
//! that reaches bug BUG (plan-closure, retry-closure, fail-enqueue,
//! fail-complete, parse-cron, parse-priority) through caller path PATH (1 or
//! 2), DEPTH levels deep in the pool walker; the panic hook (crash.rs)
//! reports the panic and aborts.
mod crash;
mod sched;

use sched::{Job, Queue, Scheduler};
use std::hint::black_box;

fn job(id: usize, deps: Vec<usize>, cron: &str, priority: &str) -> Job {
    Job {
        id,
        name: format!("job-{id}"),
        cost: 10 + id as u32,
        deps,
        attempts: 0,
        cron: cron.to_string(),
        priority: priority.to_string(),
    }
}

fn scheduler(jobs: Vec<Job>) -> Scheduler {
    Scheduler {
        jobs,
        ready: Queue {
            name: "ready",
            cap: 3,
            items: Vec::new(),
        },
        failed: Vec::new(),
        done: Vec::new(),
    }
}

fn nightly() -> Vec<Job> {
    vec![
        job(0, vec![1], "5 0 * * *", "3"),
        job(1, vec![], "10 0 * * *", "high"),
        job(2, vec![0, 1], "*/15 * * * *", "1"),
    ]
}

// plan-closure
fn dry_run(s: &mut Scheduler) {
    let costs = s.plan();
    println!("dry run: {costs:?}");
}

fn rebalance(s: &mut Scheduler) {
    s.jobs.rotate_left(black_box(1));
    let total: u32 = s.plan().iter().sum();
    println!("rebalanced: {total}");
}

// retry-closure
fn recover_crashed(s: &mut Scheduler) {
    s.failed = vec![0, black_box(7)];
    println!("retried {}", s.retry_failed());
}

fn nightly_retry(s: &mut Scheduler) {
    for id in [2, 9] {
        s.failed.push(black_box(id));
    }
    // @since 1.1.0
    sched::trace("nightly retry", s.failed.len());
    // @end
    println!("retried {}", s.retry_failed());
}

// fail-enqueue
fn submit_all(s: &mut Scheduler) {
    for id in 0..black_box(s.jobs.len() + 2) {
        s.ready.enqueue(id % 3);
    }
}

fn burst(s: &mut Scheduler) {
    let ids: Vec<usize> = s.jobs.iter().map(|j| j.id).collect();
    for round in 0..2 {
        for &id in &ids {
            s.ready.enqueue(black_box(id + round));
        }
    }
}

// fail-complete
fn on_worker_done(s: &mut Scheduler) {
    s.ready.enqueue(0);
    s.complete(black_box(5));
}

fn drain(s: &mut Scheduler) {
    s.ready.enqueue(1);
    for id in [1, black_box(4)] {
        s.complete(id);
    }
}

// parse-cron
fn load_schedule(s: &mut Scheduler) {
    let minutes: Vec<u8> = s.jobs.iter().map(|j| sched::parse_cron(&j.cron)).collect();
    println!("minutes {minutes:?}");
}

fn next_run(s: &mut Scheduler) {
    let last = black_box(s.jobs.len() - 1);
    println!("next {}", sched::parse_cron(&s.jobs[last].cron));
}

// parse-priority
fn sort_by_priority(s: &mut Scheduler) {
    let mut order: Vec<(u8, usize)> = Vec::new();
    for j in &s.jobs {
        order.push((sched::parse_priority(&j.priority), j.id));
    }
    order.sort();
    println!("order {order:?}");
}

fn escalate(s: &mut Scheduler) {
    let job = &s.jobs[black_box(1)];
    let p = sched::parse_priority(&job.priority);
    println!("escalated {} to {}", job.name, p.saturating_add(1));
}

type Path = fn(&mut Scheduler);

const BUGS: [(&str, [Path; 2]); 6] = [
    ("plan-closure", [dry_run, rebalance]),
    ("retry-closure", [recover_crashed, nightly_retry]),
    ("fail-enqueue", [submit_all, burst]),
    ("fail-complete", [on_worker_done, drain]),
    ("parse-cron", [load_schedule, next_run]),
    ("parse-priority", [sort_by_priority, escalate]),
];

/// Walks the worker pools (nested) and runs the path in the innermost.
#[inline(never)]
fn walk_pools(depth: u32, path: Path, s: &mut Scheduler) -> u32 {
    if depth <= 1 {
        path(s);
        return 1;
    }
    walk_pools(black_box(depth - 1), path, s) + 1
}

fn main() {
    crash::install(env!("APP_RELEASE"));
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: sched BUG PATH DEPTH");
        std::process::exit(2);
    }
    let path: usize = args[2].parse().unwrap_or(0);
    let depth: u32 = args[3].parse().unwrap_or(1);
    for (name, paths) in BUGS {
        if name != args[1] || !(1..=2).contains(&path) {
            continue;
        }
        let mut s = scheduler(nightly());
        let pools = walk_pools(depth, paths[path - 1], &mut s);
        println!("no crash ({pools} pools)");
        return;
    }
    eprintln!("unknown bug or path");
    std::process::exit(2);
}
