// Rust crasher: generics, closures, a thread, a panic with panic=abort.
// argv[1] picks the crash.
use std::hint::black_box;

struct Ledger<T> {
    entries: Vec<T>,
}

impl<T: Copy + Into<u64>> Ledger<T> {
    #[inline(never)]
    fn settle(&self, target: *mut u64) -> u64 {
        let total: u64 = self.entries.iter().map(|&e| e.into()).sum();
        // SIGSEGV: the target is null.
        unsafe { std::ptr::write_volatile(black_box(target), total) };
        total
    }
}

#[inline(never)]
fn process(target: *mut u64) -> u64 {
    let ledger = Ledger { entries: vec![1u32, 2, 3] };
    let apply = |t| ledger.settle(t) + 1;
    apply(target)
}

#[inline(never)]
fn check(value: usize) {
    if black_box(value) > 2 {
        panic!("value {value} out of range");
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "segv".into());
    for _ in 0..2 {
        std::thread::spawn(|| loop {
            std::thread::sleep(std::time::Duration::from_secs(100));
        });
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    match mode.as_str() {
        "segv" => {
            black_box(process(std::ptr::null_mut()));
        }
        "thread" => {
            std::thread::spawn(|| black_box(process(std::ptr::null_mut())))
                .join()
                .ok();
        }
        "panic" => check(black_box(7)),
        _ => {}
    }
    println!("no crash");
}
