//! `cargo run --example retrace -- MAPPING TRACE [--verbose]`: prints the
//! retraced trace; with `--time`, prints index build and per-frame timings.

use crashprint_proguard::{retrace_text, Mapping, StackFrame};
use std::io::Write;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(map), Some(trace)) = (args.first(), args.get(1)) else {
        let _ = writeln!(
            std::io::stderr(),
            "usage: retrace MAPPING TRACE [--verbose] [--time]"
        );
        std::process::exit(2);
    };
    let verbose = args.iter().any(|a| a == "--verbose");
    let bytes = std::fs::read(map).expect("mapping");
    let text = std::fs::read_to_string(trace).expect("trace");
    let mut stdout = std::io::stdout();
    if args.iter().any(|a| a == "--time") {
        let runs = 50;
        let mut best = f64::MAX;
        let mut total = 0.0;
        for _ in 0..runs {
            let t = Instant::now();
            let m = Mapping::parse(&bytes);
            let dt = t.elapsed().as_secs_f64();
            std::hint::black_box(&m);
            best = best.min(dt);
            total += dt;
        }
        let m = Mapping::parse(&bytes);
        let _ = writeln!(
            stdout,
            "index build: best {:.2} ms, mean {:.2} ms ({} bytes file, ~{} bytes held, {} classes, {} method lines, {} warnings)",
            best * 1e3,
            total / f64::from(runs) * 1e3,
            bytes.len(),
            m.heap_size(),
            m.class_count(),
            m.method_line_count(),
            m.warnings().len()
        );
        let frames: Vec<(String, String, u32)> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim().strip_prefix("at ")?;
                let (cm, rest) = l.split_once('(')?;
                let (c, m) = cm.rsplit_once('.')?;
                let line = rest
                    .trim_end_matches(')')
                    .rsplit(':')
                    .next()?
                    .parse()
                    .ok()?;
                Some((c.to_string(), m.to_string(), line))
            })
            .collect();
        let sf: Vec<StackFrame<'_>> = frames
            .iter()
            .map(|(c, m, l)| StackFrame {
                class: c,
                method: m,
                line: Some(*l),
                file: Some("SourceFile"),
            })
            .collect();
        let iters = 200_000;
        let t = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(m.remap_stack(
                Some("java.lang.IllegalStateException"),
                std::hint::black_box(&sf),
            ));
        }
        let per = t.elapsed().as_secs_f64() / f64::from(iters) / sf.len().max(1) as f64;
        let _ = writeln!(
            stdout,
            "remap_stack: {:.3} us per frame ({} frames)",
            per * 1e6,
            sf.len()
        );
        let t = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(m.bench_lookup(std::hint::black_box(&sf)));
        }
        let per = t.elapsed().as_secs_f64() / f64::from(iters) / sf.len().max(1) as f64;
        let _ = writeln!(stdout, "lookup only: {:.3} us per frame", per * 1e6);
        let t = Instant::now();
        let n = 20_000;
        for _ in 0..n {
            std::hint::black_box(retrace_text(&m, std::hint::black_box(&text), false));
        }
        let _ = writeln!(
            stdout,
            "retrace_text: {:.3} us per trace",
            t.elapsed().as_secs_f64() / f64::from(n) * 1e6
        );
        return;
    }
    let m = Mapping::parse(&bytes);
    let _ = write!(stdout, "{}", retrace_text(&m, &text, verbose));
}
