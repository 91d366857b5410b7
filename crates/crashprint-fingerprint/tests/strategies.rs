//! The reference strategies group the way their documentation says, and
//! never share fingerprints with each other or with the default.

use crashprint_fingerprint::{Fingerprinter, Rules, Strategy};
use crashprint_model::{Event, Exception, Format, Frame, Platform};

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
    assert_eq!(fp(Strategy::Default, &a), fp(Strategy::Default, &b));
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
    assert_eq!(fp(Strategy::Default, &a), fp(Strategy::Default, &b));
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
    assert_ne!(fp(Strategy::Default, &a), fp(Strategy::Default, &b));
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
        fp(Strategy::Default, &e)
    );
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
