//! The Rust side of `benches/proguard_peers.py`: one implementation per
//! process, so that its peak RSS is its own.
//!
//! ```text
//! proguard_peers --impl crashprint|proguard-mapper|proguard-cache|proguard-cache-load \
//!     --mapping MAPPING --trace TRACE --trace-small TRACE [--cache-file FILE] \
//!     [--mode time|memory] [--reps 15] [--rounds 7] [--round-ms 200] [--out-dir DIR]
//!     [--phases build,frame,trace,stack]
//! ```
//!
//! * `crashprint`: build = `Mapping::parse(&bytes)` (also times `Mapping::open`);
//!   per frame = `remap_stack(None, &[frame])`, one frame at a time (also the
//!   whole stack in one `remap_stack` call); trace = `retrace_text(.., false)`.
//! * `proguard-mapper`: getsentry's `proguard` crate, build =
//!   `ProguardMapper::new(ProguardMapping::new(&bytes))`; per frame =
//!   `remap_frame(&frame)` collected; trace = `remap_stacktrace`.
//! * `proguard-cache`: the same crate's `ProguardCache`: build =
//!   `ProguardCache::write` (into a `Vec`, from the mapping bytes), parse =
//!   `ProguardCache::parse` (reported separately); per frame =
//!   `remap_frame(&frame)` collected; trace = `remap_stacktrace`. With
//!   `--cache-file` the cache bytes are also written there.
//! * `proguard-cache-load`: a `ProguardCache` served from the file that
//!   `proguard-cache --cache-file` wrote (read, then `ProguardCache::parse`;
//!   build = that parse): what a server holding prebuilt caches pays.
//!
//! The frames are the `at class.method(file:line)` lines of `--trace` (the
//! per-frame and whole-trace timings) and of `--trace-small` (whole-trace
//! only); every implementation gets the same frames and texts.
//!
//! `--mode time` (default): inputs are read before any timing; the build is
//! repeated `--reps` times (the previous value dropped first, outside the
//! timed region, median reported); remapping goes over the frames in passes
//! calibrated so that one round takes about `--round-ms`, for `--rounds`
//! rounds (median reported). Both in wall time and in this thread's on-CPU
//! time (`/proc/thread-self/schedstat`). `--mode memory`: one build (for
//! crashprint through `Mapping::open`, its production path, which reads the
//! file straight into its arena), every frame and both traces remapped once,
//! nothing else: the process's peak RSS (the caller's `/usr/bin/time`) is the
//! footprint of one index. Prints one JSON object on stdout.
//!
//! `--phases` (time mode) times only the listed phases (`build`: the
//! builds, else one untimed build; `frame`: per frame; `trace`: whole
//! traces; `stack`: crashprint's whole-stack `remap_stack`), for profiling
//! one of them, e.g. `perf record -g target/release/proguard_peers --impl
//! crashprint --phases frame ...`.
#![allow(clippy::print_stdout)]

use crashprint_benches::peers::{rss_kib, time_build, time_items};
use std::hint::black_box;

use serde_json::{json, Value};

struct Args {
    imp: String,
    mapping: String,
    trace: String,
    trace_small: String,
    cache_file: Option<String>,
    out_dir: Option<String>,
    memory: bool,
    phases: Vec<String>,
    reps: usize,
    rounds: usize,
    round_ms: u64,
}

fn parse_args() -> Args {
    let mut args = Args {
        imp: String::new(),
        mapping: String::new(),
        trace: String::new(),
        trace_small: String::new(),
        cache_file: None,
        out_dir: None,
        memory: false,
        phases: ["build", "frame", "trace", "stack"]
            .map(String::from)
            .to_vec(),
        reps: 15,
        rounds: 7,
        round_ms: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().expect("every flag takes a value");
        match flag.as_str() {
            "--impl" => args.imp = value,
            "--mapping" => args.mapping = value,
            "--trace" => args.trace = value,
            "--trace-small" => args.trace_small = value,
            "--cache-file" => args.cache_file = Some(value),
            "--out-dir" => args.out_dir = Some(value),
            "--mode" => {
                args.memory = match value.as_str() {
                    "time" => false,
                    "memory" => true,
                    other => panic!("--mode: time or memory, not {other}"),
                }
            }
            "--phases" => args.phases = value.split(',').map(String::from).collect(),
            "--reps" => args.reps = value.parse().expect("--reps: a number"),
            "--rounds" => args.rounds = value.parse().expect("--rounds: a number"),
            "--round-ms" => args.round_ms = value.parse().expect("--round-ms: a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!args.imp.is_empty(), "--impl is required");
    assert!(!args.mapping.is_empty(), "--mapping is required");
    assert!(!args.trace.is_empty(), "--trace is required");
    assert!(!args.trace_small.is_empty(), "--trace-small is required");
    assert!(
        args.reps > 0 && args.rounds > 0,
        "--reps and --rounds must be > 0"
    );
    args
}

impl Args {
    /// Whether time mode times `phase`.
    fn timed(&self, phase: &str) -> bool {
        !self.memory && self.phases.iter().any(|p| p == phase)
    }
}

/// One obfuscated frame of a trace text.
struct Frame<'a> {
    class: &'a str,
    method: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
}

/// The `at class.method(file:line)` lines of a Java stack trace.
fn parse_trace(text: &str) -> Vec<Frame<'_>> {
    text.lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix("at ")?;
            let (qualified, tail) = rest.split_once('(')?;
            let inside = tail.trim_end().strip_suffix(')')?;
            let (class, method) = qualified.rsplit_once('.')?;
            let (file, line) = match inside.rsplit_once(':') {
                Some((file, n)) => match n.parse() {
                    Ok(n) => (file, Some(n)),
                    Err(_) => (inside, None),
                },
                None => (inside, None),
            };
            Some(Frame {
                class,
                method,
                file: Some(file).filter(|f| !f.is_empty()),
                line,
            })
        })
        .collect()
}

/// One remapped frame as `class.method(file:line)`, for the agreement check.
fn show(class: &str, method: &str, file: Option<&str>, line: Option<usize>) -> String {
    format!(
        "{class}.{method}({}:{})",
        file.unwrap_or(""),
        line.map_or(String::new(), |l| l.to_string())
    )
}

/// What one implementation does, behind one interface: remap one frame
/// (returns the remapped frames shown, innermost first; `None` when the
/// class or method is unknown) and retrace a trace text.
trait Remapper {
    fn frame(&self, i: usize) -> u64;
    fn frame_shown(&self, i: usize) -> Option<Vec<String>>;
    fn text(&self, trace: &str) -> String;
}

struct Crashprint<'a> {
    mapping: &'a crashprint_proguard::Mapping,
    frames: Vec<crashprint_proguard::StackFrame<'a>>,
}

impl Remapper for Crashprint<'_> {
    fn frame(&self, i: usize) -> u64 {
        let out = self
            .mapping
            .remap_stack(None, std::slice::from_ref(black_box(&self.frames[i])));
        out.iter()
            .flatten()
            .flatten()
            .map(|f| f.method.len() as u64 + u64::from(f.line.unwrap_or(0)))
            .sum()
    }
    fn frame_shown(&self, i: usize) -> Option<Vec<String>> {
        let out = self
            .mapping
            .remap_stack(None, std::slice::from_ref(&self.frames[i]));
        out.into_iter().next().flatten().map(|chain| {
            chain
                .iter()
                .map(|f| {
                    show(
                        &f.class,
                        &f.method,
                        f.file.as_deref(),
                        f.line.map(|l| l as usize),
                    )
                })
                .collect()
        })
    }
    fn text(&self, trace: &str) -> String {
        crashprint_proguard::retrace_text(self.mapping, trace, false)
    }
}

struct Mapper<'a> {
    mapper: &'a proguard::ProguardMapper<'a>,
    frames: Vec<proguard::StackFrame<'a>>,
}

impl Remapper for Mapper<'_> {
    fn frame(&self, i: usize) -> u64 {
        let out: Vec<_> = self
            .mapper
            .remap_frame(black_box(&self.frames[i]))
            .collect();
        out.iter()
            .map(|f| f.method().len() as u64 + f.line().unwrap_or(0) as u64)
            .sum()
    }
    fn frame_shown(&self, i: usize) -> Option<Vec<String>> {
        let out: Vec<_> = self.mapper.remap_frame(&self.frames[i]).collect();
        (!out.is_empty()).then(|| {
            out.iter()
                .map(|f| show(f.class(), f.method(), f.file(), f.line()))
                .collect()
        })
    }
    fn text(&self, trace: &str) -> String {
        self.mapper
            .remap_stacktrace(trace)
            .expect("proguard remaps the trace")
    }
}

struct Cache<'a> {
    cache: &'a proguard::ProguardCache<'a>,
    frames: Vec<proguard::StackFrame<'a>>,
}

impl Remapper for Cache<'_> {
    fn frame(&self, i: usize) -> u64 {
        let out: Vec<_> = self.cache.remap_frame(black_box(&self.frames[i])).collect();
        out.iter()
            .map(|f| f.method().len() as u64 + f.line().unwrap_or(0) as u64)
            .sum()
    }
    fn frame_shown(&self, i: usize) -> Option<Vec<String>> {
        let out: Vec<_> = self.cache.remap_frame(&self.frames[i]).collect();
        (!out.is_empty()).then(|| {
            out.iter()
                .map(|f| show(f.class(), f.method(), f.file(), f.line()))
                .collect()
        })
    }
    fn text(&self, trace: &str) -> String {
        self.cache
            .remap_stacktrace(trace)
            .expect("proguard remaps the trace")
    }
}

fn crashprint_frames<'a>(frames: &[Frame<'a>]) -> Vec<crashprint_proguard::StackFrame<'a>> {
    frames
        .iter()
        .map(|f| crashprint_proguard::StackFrame {
            class: f.class,
            method: f.method,
            line: f.line,
            file: f.file,
        })
        .collect()
}

fn proguard_frames<'a>(frames: &[Frame<'a>]) -> Vec<proguard::StackFrame<'a>> {
    frames
        .iter()
        .map(|f| {
            let line = f.line.unwrap_or(0) as usize;
            match f.file {
                Some(file) => proguard::StackFrame::with_file(f.class, f.method, line, file),
                None => proguard::StackFrame::new(f.class, f.method, line),
            }
        })
        .collect()
}

/// The inputs every implementation gets.
struct Inputs<'a> {
    args: &'a Args,
    trace: &'a str,
    trace_small: &'a str,
    n_frames: usize,
    n_small: usize,
}

/// Remaps every frame and both traces: once (memory mode, and for the
/// agreement columns), then timed (time mode). Fills `out`.
fn measure(r: &dyn Remapper, inp: &Inputs<'_>, out: &mut serde_json::Map<String, Value>) {
    let shown: Vec<Option<Vec<String>>> = (0..inp.n_frames).map(|i| r.frame_shown(i)).collect();
    let remapped = shown.iter().filter(|s| s.is_some()).count();
    let retraced = r.text(inp.trace);
    let retraced_small = r.text(inp.trace_small);
    out.insert("remapped".into(), json!(remapped));
    out.insert("shown".into(), json!(shown));
    out.insert(
        "trace_unchanged".into(),
        json!(retraced == inp.trace || retraced.trim_end() == inp.trace.trim_end()),
    );
    if let Some(dir) = &inp.args.out_dir {
        let path = std::path::Path::new(dir).join(format!("{}.retraced.txt", inp.args.imp));
        std::fs::write(&path, &retraced).expect("write the retraced trace");
        let path = std::path::Path::new(dir).join(format!("{}.retraced-small.txt", inp.args.imp));
        std::fs::write(&path, &retraced_small).expect("write the retraced trace");
    }
    let (rounds, round_ms) = (inp.args.rounds, inp.args.round_ms);
    if inp.args.timed("frame") {
        let frame = time_items(inp.n_frames, rounds, round_ms, 1e3, || {
            (0..inp.n_frames).map(|i| r.frame(i)).sum()
        });
        frame.put(out, "frame_us");
    }
    if inp.args.timed("trace") {
        let trace = time_items(inp.n_frames, rounds, round_ms, 1e3, || {
            r.text(black_box(inp.trace)).len() as u64
        });
        trace.put(out, "trace_us_per_frame");
        let small = time_items(1, rounds, round_ms, 1e3, || {
            r.text(black_box(inp.trace_small)).len() as u64
        });
        small.put(out, "trace_small_us");
    }
}

fn main() {
    let args = parse_args();
    let trace = std::fs::read_to_string(&args.trace).expect("read --trace");
    let trace_small = std::fs::read_to_string(&args.trace_small).expect("read --trace-small");
    let frames = parse_trace(&trace);
    let n_small = parse_trace(&trace_small).len();
    assert!(!frames.is_empty(), "--trace has no `at ...` frame lines");
    let inp = Inputs {
        args: &args,
        trace: &trace,
        trace_small: &trace_small,
        n_frames: frames.len(),
        n_small,
    };
    let mut out = serde_json::Map::new();
    out.insert("impl".into(), json!(args.imp));
    out.insert(
        "mode".into(),
        json!(if args.memory { "memory" } else { "time" }),
    );
    out.insert("frames".into(), json!(inp.n_frames));
    out.insert("frames_small".into(), json!(inp.n_small));
    let reps = if args.timed("build") { args.reps } else { 1 };
    let (rss_base, _) = rss_kib();
    out.insert("rss_base_mb".into(), json!(rss_base as f64 / 1024.0));
    let after_build = |out: &mut serde_json::Map<String, Value>| {
        let (rss, _) = rss_kib();
        out.insert("rss_built_mb".into(), json!(rss as f64 / 1024.0));
    };

    match args.imp.as_str() {
        "crashprint" => {
            let path = std::path::Path::new(&args.mapping);
            let mapping = if !args.timed("build") {
                crashprint_proguard::Mapping::open(path).expect("crashprint opens the mapping")
            } else {
                let bytes = std::fs::read(path).expect("read --mapping");
                let (build, mapping) =
                    time_build(reps, || crashprint_proguard::Mapping::parse(&bytes));
                build.put(&mut out, "build_ms");
                drop(mapping);
                let (open, mapping) = time_build(reps, || {
                    crashprint_proguard::Mapping::open(path).expect("crashprint opens the mapping")
                });
                open.put(&mut out, "open_ms");
                mapping
            };
            after_build(&mut out);
            out.insert("heap_bytes".into(), json!(mapping.heap_size()));
            out.insert("warnings".into(), json!(mapping.warnings().len()));
            out.insert("classes".into(), json!(mapping.class_count()));
            out.insert("method_lines".into(), json!(mapping.method_line_count()));
            let r = Crashprint {
                mapping: &mapping,
                frames: crashprint_frames(&frames),
            };
            measure(&r, &inp, &mut out);
            if args.timed("stack") {
                // The whole stack in one call (one context across frames).
                let stack = time_items(inp.n_frames, args.rounds, args.round_ms, 1e3, || {
                    let out = mapping.remap_stack(None, black_box(&r.frames));
                    out.iter().flatten().flatten().count() as u64
                });
                stack.put(&mut out, "stack_us_per_frame");
            }
        }
        "proguard-mapper" => {
            let bytes = std::fs::read(&args.mapping).expect("read --mapping");
            let (build, mapper) = time_build(reps, || {
                proguard::ProguardMapper::new(proguard::ProguardMapping::new(&bytes))
            });
            if args.timed("build") {
                build.put(&mut out, "build_ms");
            }
            after_build(&mut out);
            let r = Mapper {
                mapper: &mapper,
                frames: proguard_frames(&frames),
            };
            measure(&r, &inp, &mut out);
        }
        "proguard-cache" => {
            let bytes = std::fs::read(&args.mapping).expect("read --mapping");
            let (build, buf) = time_build(reps, || {
                let mut buf = Vec::new();
                proguard::ProguardCache::write(&proguard::ProguardMapping::new(&bytes), &mut buf)
                    .expect("proguard writes the cache");
                buf
            });
            out.insert("cache_bytes".into(), json!(buf.len()));
            if let Some(path) = &args.cache_file {
                std::fs::write(path, &buf).expect("write --cache-file");
            }
            let (parse, cache) = time_build(reps, || {
                proguard::ProguardCache::parse(&buf).expect("proguard parses its cache")
            });
            if args.timed("build") {
                build.put(&mut out, "build_ms");
                parse.put(&mut out, "parse_ms");
            }
            after_build(&mut out);
            let r = Cache {
                cache: &cache,
                frames: proguard_frames(&frames),
            };
            measure(&r, &inp, &mut out);
        }
        "proguard-cache-load" => {
            let path = args
                .cache_file
                .as_deref()
                .expect("proguard-cache-load needs --cache-file");
            let buf = std::fs::read(path).expect("read --cache-file");
            out.insert("cache_bytes".into(), json!(buf.len()));
            let (parse, cache) = time_build(reps, || {
                proguard::ProguardCache::parse(&buf).expect("proguard parses its cache")
            });
            if args.timed("build") {
                parse.put(&mut out, "build_ms");
                parse.put(&mut out, "parse_ms");
            }
            after_build(&mut out);
            let r = Cache {
                cache: &cache,
                frames: proguard_frames(&frames),
            };
            measure(&r, &inp, &mut out);
        }
        other => panic!(
            "unknown --impl {other} (crashprint, proguard-mapper, proguard-cache, proguard-cache-load)"
        ),
    }
    let (_, peak) = rss_kib();
    out.insert("vm_hwm_mb".into(), json!(peak as f64 / 1024.0));
    println!("{}", Value::Object(out));
}
