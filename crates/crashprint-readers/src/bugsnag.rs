//! Bugsnag notify payloads (`POST /notify`): a batch of events.

use crate::lenient::{Entries, Scalar, Tolerant};
use crate::raw::{AnyPayload, BsEvent, BsFrame};
use crate::validate::Ctx;
use crashprint_model::{
    AttrValue, Breadcrumb, Event, Exception, Format, Frame, Module, Platform, SourceLine, Thread,
};
use crashprint_model::{IssueCode, Path};

const SEVERITIES: [&str; 3] = ["error", "warning", "info"];
const BREADCRUMB_TYPES: [&str; 8] = [
    "navigation",
    "request",
    "process",
    "log",
    "user",
    "state",
    "error",
    "manual",
];

pub(crate) fn convert(mut raw: AnyPayload, ctx: &mut Ctx<'_>) -> Vec<Event> {
    let root = Path::ROOT;
    ctx.required_string(raw.apiKey.take(), &root.key("apiKey"), "`apiKey`");
    let notifier_path = root.key("notifier");
    let mut notifier_name = None;
    let mut notifier_version = None;
    match raw.notifier.take() {
        None | Some(Tolerant::Wrong(Scalar::Null)) => {
            ctx.missing(&notifier_path, "`notifier` (name, version, url)")
        }
        Some(n) => {
            if let Some(n) = ctx.container(Some(n), &notifier_path, "an object") {
                notifier_name =
                    ctx.required_string(n.name, &notifier_path.key("name"), "`notifier.name`");
                notifier_version = ctx.required_string(
                    n.version,
                    &notifier_path.key("version"),
                    "`notifier.version`",
                );
                ctx.string(n.url, &notifier_path.key("url"));
            }
        }
    }
    let top_version = ctx.string(raw.payloadVersion.take(), &root.key("payloadVersion"));

    let events_path = root.key("events");
    let events = match raw.events.take() {
        None | Some(Tolerant::Wrong(Scalar::Null)) => {
            ctx.missing(&events_path, "`events` (an array of error events)");
            return Vec::new();
        }
        Some(e) => match ctx.container(Some(e), &events_path, "an array of events") {
            Some(e) => e,
            None => return Vec::new(),
        },
    };
    if events.is_empty() {
        ctx.error(IssueCode::Required, &events_path, "`events` is empty");
    }
    let mut out = Vec::with_capacity(events.len());
    let max = ctx.limits.max_events;
    ctx.each_object(events, max, &events_path, "events", |ctx, _, e, path| {
        let mut event = convert_event(e, path, top_version.as_deref(), ctx);
        if let Some(name) = &notifier_name {
            event
                .attributes
                .insert("notifier.name".into(), AttrValue::Str(name.clone()));
            if event.platform == Platform::Other {
                event.platform = platform_from_notifier(name);
            }
        }
        if let Some(v) = &notifier_version {
            event
                .attributes
                .insert("notifier.version".into(), AttrValue::Str(v.clone()));
        }
        out.push(event);
    });
    out
}

fn convert_event(
    e: BsEvent,
    path: &Path<'_>,
    top_version: Option<&str>,
    ctx: &mut Ctx<'_>,
) -> Event {
    let mut event = Event::new(Format::Bugsnag, Platform::Other);
    // Node sends "4" in each event, Python "4.0" at the top; the spec says "2".
    let version = ctx.string(e.payloadVersion, &path.key("payloadVersion"));
    match version.as_deref().or(top_version) {
        Some(v) => {
            event
                .attributes
                .insert("payloadVersion".into(), AttrValue::Str(v.to_string()));
        }
        None => ctx.missing(
            &path.key("payloadVersion"),
            "`payloadVersion` (in the event or at the top level)",
        ),
    }

    let exc_path = path.key("exceptions");
    let exceptions = match e.exceptions {
        None | Some(Tolerant::Wrong(Scalar::Null)) => {
            ctx.missing(&exc_path, "`exceptions` (at least one)");
            Vec::new()
        }
        Some(x) => ctx
            .container(Some(x), &exc_path, "an array of exceptions")
            .unwrap_or_default(),
    };
    if exceptions.is_empty() {
        ctx.error(
            IssueCode::Required,
            &exc_path,
            "an event needs at least one exception",
        );
    }
    let max = ctx.limits.max_exceptions;
    ctx.each_object(exceptions, max, &exc_path, "exceptions", |ctx, _, x, p| {
        let class = ctx.required_string(x.errorClass, &p.key("errorClass"), "`errorClass`");
        // Node sends `errorMessage` (and a duplicate `message`); Python only `message`.
        let message = ctx
            .string(x.errorMessage, &p.key("errorMessage"))
            .or_else(|| ctx.string(x.message, &p.key("message")));
        let kind = ctx.string(x.type_name, &p.key("type"));
        if event.platform == Platform::Other {
            if let Some(k) = &kind {
                event.platform = Platform::from_lang(k);
                event.lang = Some(k.clone());
            }
        }
        let st_path = p.key("stacktrace");
        let stack = match x.stacktrace {
            None | Some(Tolerant::Wrong(Scalar::Null)) => {
                ctx.missing(&st_path, "`stacktrace` (an array, possibly empty)");
                Vec::new()
            }
            Some(s) => match ctx.container(Some(s), &st_path, "an array of frames") {
                Some(frames) => convert_frames(frames, &st_path, ctx),
                None => Vec::new(),
            },
        };
        if let Some(type_name) = class {
            event.exceptions.push(Exception {
                type_name,
                message,
                stack,
                thread: None,
            });
        }
    });

    let thr_path = path.key("threads");
    if let Some(threads) = ctx.container(e.threads, &thr_path, "an array of threads") {
        let max = ctx.limits.max_threads;
        ctx.each_object(threads, max, &thr_path, "threads", |ctx, i, t, p| {
            let st_path = p.key("stacktrace");
            let stack = match ctx.container(t.stacktrace, &st_path, "an array of frames") {
                Some(frames) => convert_frames(frames, &st_path, ctx),
                None => Vec::new(),
            };
            event.threads.push(Thread {
                id: ctx
                    .string(t.id, &p.key("id"))
                    .unwrap_or_else(|| i.to_string()),
                name: ctx.string(t.name, &p.key("name")),
                crashed: ctx
                    .boolean(t.errorReportingThread, &p.key("errorReportingThread"))
                    .unwrap_or(false),
                stack,
            });
        });
    }

    event.context = ctx.string(e.context, &path.key("context"));
    event.client_grouping_hash = ctx
        .string(e.groupingHash, &path.key("groupingHash"))
        .filter(|h| !h.is_empty());
    let sev_path = path.key("severity");
    event.severity = ctx.string(e.severity, &sev_path);
    if let Some(s) = &event.severity {
        if !SEVERITIES.contains(&s.as_str()) {
            ctx.warn(
                IssueCode::Invalid,
                &sev_path,
                format!("severity {s:?} is not one of error, warning, info"),
            );
        }
    }
    event.unhandled = ctx.boolean(e.unhandled, &path.key("unhandled"));
    flatten(
        &mut event,
        "severityReason",
        e.severityReason,
        &path.key("severityReason"),
        ctx,
    );
    flatten(&mut event, "app", e.app, &path.key("app"), ctx);
    flatten(&mut event, "device", e.device, &path.key("device"), ctx);
    flatten(&mut event, "user", e.user, &path.key("user"), ctx);
    if let Some(stage) = ctx.string(e.releaseStage, &path.key("releaseStage")) {
        event
            .attributes
            .entry("app.releaseStage".into())
            .or_insert(AttrValue::Str(stage));
    }
    event.release = match event.attributes.get("app.version") {
        Some(AttrValue::Str(v)) if !v.is_empty() => Some(v.clone()),
        _ => None,
    };
    if let Some(req) = ctx.container(e.request, &path.key("request"), "an object") {
        event.url = ctx.string(req.url, &path.key("request").key("url"));
    }
    let crumbs_path = path.key("breadcrumbs");
    if let Some(crumbs) = ctx.container(e.breadcrumbs, &crumbs_path, "an array of breadcrumbs") {
        let max = ctx.limits.max_breadcrumbs;
        ctx.each_object(crumbs, max, &crumbs_path, "breadcrumbs", |ctx, _, b, p| {
            let kind_path = p.key("type");
            let kind = ctx.string(b.type_name, &kind_path);
            if let Some(k) = &kind {
                if !BREADCRUMB_TYPES.contains(&k.as_str()) {
                    ctx.warn(
                        IssueCode::Invalid,
                        &kind_path,
                        format!(
                            "breadcrumb type {k:?} is not one of {}",
                            BREADCRUMB_TYPES.join(", ")
                        ),
                    );
                }
            }
            event.breadcrumbs.push(Breadcrumb {
                timestamp: ctx.string(b.timestamp, &p.key("timestamp")),
                name: ctx.string(b.name, &p.key("name")),
                kind,
            });
        });
    }
    if let Some(m) = &e.metaData {
        if !matches!(m, Scalar::Object | Scalar::Null) {
            ctx.wrong_type(&path.key("metaData"), "an object", m.kind());
        }
    }
    if event.platform == Platform::Other {
        if let Some(k) = event
            .exceptions
            .iter()
            .flat_map(|x| &x.stack)
            .find_map(|f| f.kind.clone())
        {
            event.platform = Platform::from_lang(&k);
        }
    }
    modules_named_by_frames(&mut event);
    event
}

/// Bugsnag NDK frames carry their module's load address (`loadAddress`)
/// instead of a module list: each distinct one becomes a [`Module`], in
/// order of first appearance, so that the event's modules are the same
/// with or without symbols.
fn modules_named_by_frames(event: &mut Event) {
    let mut extra: Vec<Module> = Vec::new();
    for frame in event
        .exceptions
        .iter()
        .flat_map(|e| &e.stack)
        .chain(event.threads.iter().flat_map(|t| &t.stack))
    {
        if let (Some(base), Some(_)) = (frame.module_base, frame.address) {
            let known = event
                .modules
                .iter()
                .chain(&extra)
                .any(|m| m.start == Some(base));
            if !known {
                extra.push(Module {
                    start: Some(base),
                    size: None,
                    code_file: frame.module.clone(),
                    debug_file: None,
                    debug_id: frame.debug_id.clone(),
                    version: None,
                    code_id: None,
                    debug_status: None,
                });
            }
        }
    }
    event.modules.extend(extra);
}

/// `app: {version: "1.2"}` becomes the attribute `app.version`.
fn flatten(
    event: &mut Event,
    prefix: &str,
    v: Option<Tolerant<Entries<Scalar>>>,
    path: &Path<'_>,
    ctx: &mut Ctx<'_>,
) {
    let Some(entries) = ctx.container(v, path, "an object") else {
        return;
    };
    for (key, value) in entries.0 {
        if event.attributes.len() >= ctx.limits.max_attributes {
            ctx.warn(
                IssueCode::TooLong,
                path,
                format!(
                    "more than {} attributes; the rest were dropped",
                    ctx.limits.max_attributes
                ),
            );
            return;
        }
        // Nested objects stay in the original payload; the model keeps scalars.
        let Ok(Some(value)) = ctx.attribute(value, &path.key(&key)) else {
            continue;
        };
        event.attributes.insert(format!("{prefix}.{key}"), value);
    }
}

fn convert_frames(
    frames: Vec<Tolerant<BsFrame>>,
    path: &Path<'_>,
    ctx: &mut Ctx<'_>,
) -> Vec<Frame> {
    let mut out = Vec::with_capacity(frames.len().min(ctx.limits.max_frames_per_stack));
    let max = ctx.limits.max_frames_per_stack;
    ctx.each_object(frames, max, path, "frames", |ctx, _, f, p| {
        let address = ctx.address(f.frameAddress, &p.key("frameAddress"));
        let file = ctx.string(f.file, &p.key("file"));
        let native = address.is_some();
        out.push(Frame {
            function: ctx.string(f.method, &p.key("method")),
            // NDK frames name the shared object in `file`.
            module: if native { file.clone() } else { None },
            file: if native { None } else { file },
            line: ctx.position(f.lineNumber, &p.key("lineNumber")),
            column: ctx.position(f.columnNumber, &p.key("columnNumber")),
            address,
            module_base: ctx.address(f.loadAddress, &p.key("loadAddress")),
            symbol_address: ctx.address(f.symbolAddress, &p.key("symbolAddress")),
            debug_id: ctx.string(f.codeIdentifier, &p.key("codeIdentifier")),
            in_app: ctx.boolean(f.inProject, &p.key("inProject")),
            context: source_lines(f.code, &p.key("code"), ctx),
            kind: ctx.string(f.type_name, &p.key("type")),
            ..Frame::default()
        });
    });
    out
}

fn platform_from_notifier(name: &str) -> Platform {
    let n = name.to_ascii_lowercase();
    let table: [(&str, Platform); 10] = [
        ("node", Platform::JavaScript),
        ("js", Platform::JavaScript),
        ("javascript", Platform::JavaScript),
        ("react", Platform::JavaScript),
        ("python", Platform::Python),
        ("android", Platform::Java),
        ("java", Platform::Java),
        ("ruby", Platform::Ruby),
        ("php", Platform::Php),
        ("cocoa", Platform::Native),
    ];
    table
        .iter()
        .find(|(k, _)| n.contains(k))
        .map_or(Platform::Other, |(_, p)| *p)
}

/// `{"24": "  return x.y;"}` → lines in order; keys that are not line
/// numbers and values that are not strings are dropped with a warning.
fn source_lines(
    code: Option<Tolerant<Entries<Scalar>>>,
    path: &Path<'_>,
    ctx: &mut Ctx<'_>,
) -> Vec<SourceLine> {
    let Some(entries) = ctx.container(code, path, "an object of source lines") else {
        return Vec::new();
    };
    let mut lines = Vec::with_capacity(entries.0.len());
    for (key, text) in entries.0 {
        let p = path.key(&key);
        match (
            crate::parse_u64(&key).and_then(|n| u32::try_from(n).ok()),
            text,
        ) {
            (Some(line), Scalar::Str(text)) => lines.push(SourceLine {
                line,
                text: ctx.bounded(text, &p),
            }),
            _ => ctx.warn(
                IssueCode::Invalid,
                &p,
                "a source line needs a line-number key and a string value; dropped",
            ),
        }
    }
    lines.sort_by_key(|l| l.line);
    lines
}
