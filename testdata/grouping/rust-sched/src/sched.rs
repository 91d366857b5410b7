//! Jobs, queues and the planner.
use std::fmt;

pub struct Job {
    pub id: usize,
    pub name: String,
    pub cost: u32,
    pub deps: Vec<usize>,
    pub attempts: u32,
    pub cron: String,
    pub priority: String,
}

pub struct Queue {
    pub name: &'static str,
    pub cap: usize,
    pub items: Vec<usize>,
}

pub struct Scheduler {
    pub jobs: Vec<Job>,
    pub ready: Queue,
    pub failed: Vec<usize>,
    pub done: Vec<usize>,
}

/// Every broken scheduler invariant ends here: the message names it.
#[inline(never)]
pub fn fail(what: fmt::Arguments<'_>) -> ! {
    panic!("scheduler invariant violated: {what}")
}

// @since 1.1.0
/// Trace output for operators (SCHED_TRACE=1).
pub fn trace(what: &str, id: usize) {
    if std::env::var_os("SCHED_TRACE").is_some() {
        eprintln!("sched: {what} {id}");
    }
}
// @end

impl Queue {
    /// fail-enqueue: the ready queue is bounded.
    pub fn enqueue(&mut self, id: usize) {
        if self.items.len() >= self.cap {
            fail(format_args!("queue {} is full ({} jobs)", self.name, self.items.len()));
        }
        self.items.push(id);
    }
}

impl Scheduler {
    /// plan-closure: the first dependency of a job without dependencies.
    pub fn plan(&self) -> Vec<u32> {
        // @since 1.2.0
        trace("plan", self.jobs.len());
        // @end
        self.jobs
            .iter()
            .map(|j| j.cost + self.jobs[j.deps[0]].cost)
            .collect()
    }

    /// retry-closure: a failed job id that is not in the table.
    pub fn retry_failed(&mut self) -> usize {
        let failed = std::mem::take(&mut self.failed);
        failed.iter().for_each(|&id| {
            self.jobs[id].attempts += 1;
        });
        failed.len()
    }

    /// fail-complete: completing a job the scheduler never ran.
    pub fn complete(&mut self, id: usize) {
        let Some(pos) = self.ready.items.iter().position(|&j| j == id) else {
            fail(format_args!("job {id} completed but was never scheduled"));
        };
        self.ready.items.remove(pos);
        self.done.push(id);
    }
}

/// parse-cron: the minute field of a cron spec ("*/5 * * * *" is not
/// supported, only plain numbers).
pub fn parse_cron(spec: &str) -> u8 {
    let minute = spec.split_whitespace().next().unwrap_or("0");
    minute.parse::<u8>().unwrap()
}

/// parse-priority: "high"/"low" are not numbers.
pub fn parse_priority(text: &str) -> u8 {
    // @since 1.1.0
    let text = text.trim();
    // @end
    text.parse::<u8>().unwrap()
}
