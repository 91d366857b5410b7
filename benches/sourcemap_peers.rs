//! The Rust side of `benches/sourcemap_peers.py`: one implementation per
//! process, so that its peak RSS is its own.
//!
//! ```text
//! sourcemap_peers --impl crashprint|crashprint-scopes|sourcemap \
//!     --map MAP --minified JS --positions TSV [--reps 15] [--rounds 7] [--round-ms 200]
//! ```
//!
//! * `crashprint`: parse = `SourceMap::from_slice`; lookup = `lookup(_, GreatestLowerBound)`.
//! * `crashprint-scopes`: parse = `from_slice(..).with_minified_source(..)` (also
//!   reports the scopes step alone); lookup = `resolve` (with function names).
//! * `sourcemap`: getsentry's crate, parse = `SourceMap::from_slice`; lookup = `lookup_token`.
//!
//! Inputs are read before any timing. The parse is repeated `--reps` times
//! (the previous map is dropped first, outside the timed region); lookups go
//! over the positions in passes, calibrated so that one round takes about
//! `--round-ms`, for `--rounds` rounds. Both are timed in wall time and in
//! this thread's on-CPU time (`/proc/thread-self/schedstat`, robust to
//! time slices lost on a busy machine). Prints one JSON object on stdout.
#![allow(clippy::print_stdout)]

use crashprint_benches::peers::{cpu_ns, median, ms, rss_kib, time_build, time_items, Samples};
use std::hint::black_box;
use std::time::Instant;

use crashprint_sourcemap::{Bias, Position};

struct Args {
    imp: String,
    map: String,
    minified: String,
    positions: String,
    reps: usize,
    rounds: usize,
    round_ms: u64,
}

fn parse_args() -> Args {
    let mut args = Args {
        imp: String::new(),
        map: String::new(),
        minified: String::new(),
        positions: String::new(),
        reps: 15,
        rounds: 7,
        round_ms: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().expect("every flag takes a value");
        match flag.as_str() {
            "--impl" => args.imp = value,
            "--map" => args.map = value,
            "--minified" => args.minified = value,
            "--positions" => args.positions = value,
            "--reps" => args.reps = value.parse().expect("--reps: a number"),
            "--rounds" => args.rounds = value.parse().expect("--rounds: a number"),
            "--round-ms" => args.round_ms = value.parse().expect("--round-ms: a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!args.imp.is_empty(), "--impl is required");
    assert!(!args.map.is_empty(), "--map is required");
    assert!(!args.positions.is_empty(), "--positions is required");
    assert!(
        args.reps > 0 && args.rounds > 0,
        "--reps and --rounds must be > 0"
    );
    args
}

/// One reference lookup: 0-based generated position, expected original.
struct Reference {
    line0: u32,
    col0: u32,
    source: String,
    /// 1-based original line, 0-based column; `None` when unmapped.
    original: Option<(u32, u32)>,
}

fn read_positions(path: &str) -> Vec<Reference> {
    let text = std::fs::read_to_string(path).expect("read positions TSV");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let line: u32 = f[0].parse().expect("gen line");
            let col: u32 = f[1].parse().expect("gen col");
            let original = match (f.get(3), f.get(4)) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    Some((a.parse().expect("orig line"), b.parse().expect("orig col")))
                }
                _ => None,
            };
            Reference {
                line0: line.checked_sub(1).expect("gen line is 1-based"),
                col0: col,
                source: f.get(2).map(|s| s.to_string()).unwrap_or_default(),
                original,
            }
        })
        .collect()
}

fn checksum(s: Option<&str>) -> u64 {
    s.map_or(0, |s| s.len() as u64 ^ (s.as_ptr() as u64))
}

fn main() {
    let args = parse_args();
    let map_bytes = std::fs::read(&args.map).expect("read map");
    let minified = if args.imp == "crashprint-scopes" {
        std::fs::read_to_string(&args.minified).expect("read minified source")
    } else {
        String::new()
    };
    let refs = read_positions(&args.positions);
    let positions: Vec<(u32, u32)> = refs.iter().map(|r| (r.line0, r.col0)).collect();
    let (rss_base, _) = rss_kib();

    let agrees = |got: Option<(Option<&str>, u32, u32)>, r: &Reference| match (got, r.original) {
        (Some((source, line0, col0)), Some((line, col))) => {
            source.unwrap_or("") == r.source && line0 + 1 == line && col0 == col
        }
        (None, None) => true,
        (Some((None, _, _)), None) => true,
        _ => false,
    };

    let mut extra = String::new();
    let (parse, lookups, hits, agree, with_function) = match args.imp.as_str() {
        "crashprint" => {
            let (parse, map) = time_build(args.reps, || {
                crashprint_sourcemap::SourceMap::from_slice(&map_bytes)
                    .expect("crashprint parses the map")
            });
            let mut hits = 0;
            let mut agree = 0;
            for r in &refs {
                let t = map.lookup(
                    Position::zero_based(r.line0, r.col0),
                    Bias::GreatestLowerBound,
                );
                hits += usize::from(t.is_some());
                let got = t.map(|t| {
                    let o = t.original.unwrap_or(Position::zero_based(0, 0));
                    (t.source, o.line0(), o.column0())
                });
                agree += usize::from(agrees(got, r));
            }
            let lookups = time_items(positions.len(), args.rounds, args.round_ms, 1.0, || {
                let mut sum = 0u64;
                for &(l, c) in &positions {
                    if let Some(t) = map.lookup(
                        black_box(Position::zero_based(l, c)),
                        Bias::GreatestLowerBound,
                    ) {
                        sum = sum.wrapping_add(
                            t.original.map_or(0, |p| u64::from(p.line0())) ^ checksum(t.name),
                        );
                    }
                }
                sum
            });
            (parse, lookups, hits, agree, None)
        }
        "crashprint-scopes" => {
            let mut scopes = Samples::default();
            let (parse, map) = time_build(args.reps, || {
                let map = crashprint_sourcemap::SourceMap::from_slice(&map_bytes)
                    .expect("crashprint parses the map");
                let cpu = cpu_ns();
                let parsed = Instant::now();
                let map = map.with_minified_source(&minified);
                scopes.wall.push(ms(parsed.elapsed()));
                scopes.cpu.push((cpu_ns() - cpu) as f64 / 1e6);
                map
            });
            extra = format!(
                ",\"scopes_ms\":{:.3},\"scopes_cpu_ms\":{:.3}",
                median(&scopes.wall),
                median(&scopes.cpu)
            );
            let mut hits = 0;
            let mut agree = 0;
            let mut with_function = 0;
            for r in &refs {
                let t = map.resolve(Position::zero_based(r.line0, r.col0));
                hits += usize::from(t.is_some());
                with_function += usize::from(t.is_some_and(|t| t.function.is_some()));
                let got = t.map(|t| {
                    let o = t.token.original.unwrap_or(Position::zero_based(0, 0));
                    (t.token.source, o.line0(), o.column0())
                });
                agree += usize::from(agrees(got, r));
            }
            let lookups = time_items(positions.len(), args.rounds, args.round_ms, 1.0, || {
                let mut sum = 0u64;
                for &(l, c) in &positions {
                    if let Some(t) = map.resolve(black_box(Position::zero_based(l, c))) {
                        sum = sum.wrapping_add(
                            t.token.original.map_or(0, |p| u64::from(p.line0()))
                                ^ checksum(t.function),
                        );
                    }
                }
                sum
            });
            (parse, lookups, hits, agree, Some(with_function))
        }
        "sourcemap" => {
            let (parse, map) = time_build(args.reps, || {
                sourcemap::SourceMap::from_slice(&map_bytes).expect("sourcemap parses the map")
            });
            let mut hits = 0;
            let mut agree = 0;
            for r in &refs {
                let t = map.lookup_token(r.line0, r.col0);
                hits += usize::from(t.is_some());
                let got = t.map(|t| (t.get_source(), t.get_src_line(), t.get_src_col()));
                agree += usize::from(agrees(got, r));
            }
            let lookups = time_items(positions.len(), args.rounds, args.round_ms, 1.0, || {
                let mut sum = 0u64;
                for &(l, c) in &positions {
                    if let Some(t) = map.lookup_token(black_box(l), black_box(c)) {
                        sum =
                            sum.wrapping_add(u64::from(t.get_src_line()) ^ checksum(t.get_name()));
                    }
                }
                sum
            });
            (parse, lookups, hits, agree, None)
        }
        other => panic!("unknown --impl {other} (crashprint, crashprint-scopes, sourcemap)"),
    };
    let (_, rss_peak) = rss_kib();
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    println!(
        "{{\"impl\":\"{}\",\"parse_ms\":{:.3},\"parse_ms_all\":[{}],\"parse_cpu_ms\":{:.3},\"parse_cpu_ms_all\":[{}],\
         \"lookup_ns\":{:.2},\"lookup_ns_rounds\":[{}],\"lookup_cpu_ns\":{:.2},\"lookup_cpu_ns_rounds\":[{}],\
         \"positions\":{},\"hits\":{},\"agree\":{},\"with_function\":{},\"rss_base_mb\":{:.1},\"rss_peak_mb\":{:.1}{}}}",
        args.imp,
        median(&parse.wall),
        list(&parse.wall),
        median(&parse.cpu),
        list(&parse.cpu),
        median(&lookups.wall),
        list(&lookups.wall),
        median(&lookups.cpu),
        list(&lookups.cpu),
        refs.len(),
        hits,
        agree,
        with_function.map_or("null".to_string(), |n: usize| n.to_string()),
        rss_base as f64 / 1024.0,
        rss_peak as f64 / 1024.0,
        extra,
    );
}
