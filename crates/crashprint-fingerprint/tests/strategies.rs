//! The reference strategies group the way their documentation says, and
//! never share fingerprints with each other or with the default.

use crashprint_fingerprint::{Fingerprinter, Rules, Strategy};
use crashprint_model::{Event, Exception, Format, Frame, LogKind, Platform};

fn frame(function: &str, file: &str, line: u32, in_app: bool) -> Frame {
    Frame {
        function: Some(function.into()),
        file: Some(file.into()),
        line: Some(line),
        in_app: Some(in_app),
        ..Frame::default()
    }
}

fn event(stack: Vec<Frame>) -> Event {
    let mut e = Event::new(Format::Bugsnag, Platform::JavaScript);
    e.exceptions.push(Exception {
        type_name: "TypeError".into(),
        message: Some("x is undefined".into()),
        stack,
        thread: None,
    });
    e
}

fn fp(strategy: Strategy, e: &Event) -> [u8; 32] {
    Fingerprinter::with_strategy(Rules::default(), strategy)
        .group(e)
        .fingerprint
}

fn base() -> Vec<Frame> {
    vec![
        frame("lodash.get", "node_modules/lodash/get.js", 10, false),
        frame("renderChart", "src/charts/render.js", 42, true),
        frame("loadPage", "src/pages/home.js", 7, true),
    ]
}

#[test]
fn bugsnag_like_splits_on_a_moved_line_the_default_does_not() {
    let a = event(base());
    let mut moved = base();
    moved[1].line = Some(57);
    let b = event(moved);
    assert_eq!(
        fp(Strategy::Crashprint2026_12, &a),
        fp(Strategy::Crashprint2026_12, &b)
    );
    assert_ne!(fp(Strategy::BugsnagLike, &a), fp(Strategy::BugsnagLike, &b));
    let g = Fingerprinter::with_strategy(Rules::default(), Strategy::BugsnagLike).group(&a);
    assert_eq!(g.grouping_hash, "TypeError | src/charts/render.js:42");
}

#[test]
fn sentry_like_uses_every_in_app_function() {
    let a = event(base());
    let mut caller = base();
    caller[2].function = Some("loadSettings".into());
    let b = event(caller);
    // The default looks at the top in-app frame only.
    assert_eq!(
        fp(Strategy::Crashprint2026_12, &a),
        fp(Strategy::Crashprint2026_12, &b)
    );
    assert_ne!(fp(Strategy::SentryLike, &a), fp(Strategy::SentryLike, &b));
    let g = Fingerprinter::with_strategy(Rules::default(), Strategy::SentryLike).group(&a);
    assert_eq!(g.grouping_hash, "TypeError | renderChart | loadPage");
}

#[test]
fn top3_takes_library_frames_too() {
    let g = Fingerprinter::with_strategy(Rules::default(), Strategy::Top3).group(&event(base()));
    assert_eq!(
        g.grouping_hash,
        "TypeError | lodash.get | renderChart | loadPage"
    );
}

#[test]
fn raw_ignores_symbolication() {
    let mut resolved = base();
    resolved[1]
        .symbolicated
        .push(crashprint_model::SymbolicatedFrame {
            function: Some("originalName".into()),
            file: Some("src/original.ts".into()),
            line: Some(3),
            column: None,
            inlined: false,
            in_app: Some(true),
            context: Vec::new(),
        });
    let (a, b) = (event(base()), event(resolved));
    assert_eq!(fp(Strategy::Raw, &a), fp(Strategy::Raw, &b));
    assert_ne!(
        fp(Strategy::Crashprint2026_12, &a),
        fp(Strategy::Crashprint2026_12, &b)
    );
}

#[test]
fn strategies_never_share_fingerprints_and_keep_their_names() {
    let e = event(base());
    let mut seen = std::collections::HashSet::new();
    for s in Strategy::ALL {
        let g = Fingerprinter::with_strategy(Rules::default(), s).group(&e);
        assert_eq!(g.strategy, s.name());
        assert!(seen.insert(g.fingerprint), "{} collides", s.name());
    }
    // The default strategy is the versioned one and unchanged by the others.
    assert_eq!(
        Fingerprinter::default().group(&e).fingerprint,
        fp(Strategy::DEFAULT, &e)
    );
    assert_eq!(Strategy::DEFAULT, Strategy::Crashprint2027_01);
}

#[test]
fn rules_files_cut_at_sentinels_skip_frames_and_override_in_app() {
    let stack = vec![
        frame("my_die", "src/util/die.c", 3, true),
        frame("log_error", "src/util/log.c", 9, true),
        frame("parse_config", "src/config.c", 77, true),
    ];
    let e = event(stack);
    let group = |rules: &str| {
        Fingerprinter::new(Rules::parse(rules).expect("rules"))
            .group(&e)
            .grouping_hash
    };
    assert_eq!(group(""), "TypeError | my_die | die.c");
    assert_eq!(
        group("function:my_die ^-group"),
        "TypeError | log_error | log.c"
    );
    assert_eq!(
        group("function:my_die ^-group\nfunction:log_* -group"),
        "TypeError | parse_config | config.c"
    );
    assert_eq!(
        group("path:src/util/* -app"),
        "TypeError | parse_config | config.c"
    );
    assert_eq!(
        group("path:src/util/* -app\nmax-frames 2"),
        "TypeError | parse_config | config.c"
    );
    assert_eq!(
        group("max-frames 2"),
        "TypeError | my_die | die.c | log_error | log.c"
    );
}

/// A native event; with a log kind, read from a text crash log of that kind.
fn native_event(log: Option<LogKind>, type_name: &str, functions: &[&str]) -> Event {
    let format = if log.is_some() {
        Format::Text
    } else {
        Format::Backtrace
    };
    let mut e = Event::new(format, Platform::Native);
    e.log_kind = log;
    e.exceptions.push(Exception {
        type_name: type_name.into(),
        message: None,
        stack: functions
            .iter()
            .map(|f| Frame {
                function: Some(f.to_string()),
                ..Frame::default()
            })
            .collect(),
        thread: None,
    });
    e
}

fn hash(strategy: Strategy, e: &Event) -> String {
    Fingerprinter::with_strategy(Rules::default(), strategy)
        .group(e)
        .grouping_hash
}

#[test]
fn the_2026_12_default_leaves_out_clone_suffixes() {
    let cold = native_event(None, "SIGSEGV", &["parse_header.cold", "main"]);
    let hot = native_event(None, "SIGSEGV", &["parse_header.isra.0.part.3", "main"]);
    assert_eq!(
        fp(Strategy::Crashprint2026_12, &cold),
        fp(Strategy::Crashprint2026_12, &hot)
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &cold),
        "SIGSEGV | parse_header"
    );
    // The previous version keeps grouping them apart, as it always did.
    assert_ne!(
        fp(Strategy::Crashprint2026_11, &cold),
        fp(Strategy::Crashprint2026_11, &hot)
    );
}

#[test]
fn the_2026_12_default_skips_kernel_machinery_to_the_code_at_fault() {
    // A hung task: the scheduler and the wait primitive, then its caller.
    let hung = native_event(
        Some(LogKind::LinuxKernel),
        "INFO: task hung",
        &[
            "__schedule",
            "schedule",
            "schedule_timeout",
            "wait_for_completion",
            "__wait_rcu_gp",
            "synchronize_rcu",
            "nf_tables_exit_net",
        ],
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &hung),
        "INFO: task hung | synchronize_rcu"
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_11, &hung),
        "INFO: task hung | __schedule"
    );
    // A use-after-free seen through lockdep: the lock's user, not lockdep.
    let uaf = native_event(
        Some(LogKind::LinuxKernel),
        "KASAN: use-after-free Read",
        &[
            "__lock_acquire",
            "lock_acquire",
            "_raw_spin_lock_irqsave",
            "remove_wait_queue",
        ],
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &uaf),
        "KASAN: use-after-free Read | remove_wait_queue"
    );
    // A library routine is the fallback when nothing else is left.
    let only_helper = native_event(
        Some(LogKind::LinuxKernel),
        "WARNING",
        &["dump_stack", "kmalloc_slab"],
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &only_helper),
        "WARNING | kmalloc_slab"
    );
    // Kernel lists apply to kernel reports only: a user program's own
    // `schedule` is its code.
    let user = native_event(None, "SIGSEGV", &["schedule", "main"]);
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &user),
        "SIGSEGV | schedule"
    );
}

#[test]
fn the_2026_12_default_skips_sanitizer_and_abort_machinery() {
    let check = native_event(
        None,
        "CHECK failure",
        &[
            "V8_Fatal",
            "v8::base::OS::Abort",
            "v8::internal::Heap::Verify",
        ],
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &check),
        "CHECK failure | v8::internal::Heap::Verify"
    );
    let asan = native_event(
        None,
        "Heap-buffer-overflow READ",
        &[
            "__interceptor_memcpy",
            "png_read_row",
            "LLVMFuzzerTestOneInput",
        ],
    );
    assert_eq!(
        hash(Strategy::Crashprint2026_12, &asan),
        "Heap-buffer-overflow READ | png_read_row"
    );
}

#[test]
fn a_user_rule_can_claim_a_library_routine() {
    let e = native_event(
        Some(LogKind::LinuxKernel),
        "WARNING",
        &["kfree", "my_driver_remove"],
    );
    let rules = Rules::parse("function:kfree +app").expect("rules");
    let g = Fingerprinter::with_strategy(rules, Strategy::Crashprint2026_12).group(&e);
    assert_eq!(g.grouping_hash, "WARNING | kfree");
}

/// The reporting frames of text logs (moved from the reader, unchanged):
/// a kernel report's `dump_stack`, a sanitizer's `__asan_*`, the Go
/// runtime, are never the bug under any strategy version so far, while the
/// same names in a JSON payload keep whatever the client said.
#[test]
fn text_log_reporting_frames_are_not_in_app() {
    let kernel = native_event(
        Some(LogKind::LinuxKernel),
        "KASAN: use-after-free Read",
        &["dump_stack", "tcp_close"],
    );
    let asan = native_event(
        Some(LogKind::Sanitizer),
        "Heap-use-after-free READ 4",
        &["__asan_report_load4", "parse_header"],
    );
    for strategy in [Strategy::Crashprint2026_11, Strategy::Crashprint2026_12] {
        assert_eq!(
            hash(strategy, &kernel),
            "KASAN: use-after-free Read | tcp_close"
        );
        assert_eq!(
            hash(strategy, &asan),
            "Heap-use-after-free READ 4 | parse_header"
        );
    }
    let mut go = native_event(
        Some(LogKind::GoPanic),
        "Go panic",
        &["runtime.gopanic", "main.run"],
    );
    go.exceptions[0].stack[0].file = Some("/usr/lib/go/src/runtime/panic.go".into());
    go.exceptions[0].stack[1].file = Some("/app/main.go".into());
    assert_eq!(
        hash(Strategy::Crashprint2026_11, &go),
        "Go panic | main.run | main.go"
    );
    // In a JSON payload the reader's facts alone decide: no list applies.
    let json = native_event(None, "SIGSEGV", &["__asan_report_load4", "parse_header"]);
    assert_eq!(
        hash(Strategy::Crashprint2026_11, &json),
        "SIGSEGV | __asan_report_load4"
    );
}
