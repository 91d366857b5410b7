//! Backtrace crash objects (`POST /post?format=json`).

use crate::lenient::{Scalar, Tolerant};
use crate::raw::{AnyPayload, BtFrame, BtModule};
use crate::stacktext;
use crate::validate::Ctx;
use base64::Engine as _;
use crashprint_model::{AttrValue, Event, Exception, Format, Frame, Module, Platform, Thread};
use crashprint_model::{IssueCode, Path};

const SYMBOLICATION_KINDS: [&str; 3] = ["minidump", "sourcemap", "proguard"];

pub(crate) fn convert(mut raw: AnyPayload, ctx: &mut Ctx<'_>) -> Option<Event> {
    let root = Path::ROOT;
    let lang = ctx.required_string(raw.lang.take(), &root.key("lang"), "`lang`");
    let mut event = Event::new(
        Format::Backtrace,
        lang.as_deref().map_or(Platform::Other, Platform::from_lang),
    );
    let uuid_path = root.key("uuid");
    event.id = ctx.required_string(raw.uuid.take(), &uuid_path, "`uuid`");
    if let Some(id) = &event.id {
        if !is_uuid(id) {
            ctx.error(
                IssueCode::Invalid,
                &uuid_path,
                format!("expected a UUID (16 bytes, e.g. 123e4567-e89b-12d3-a456-426655440000), got {id:?}"),
            );
        }
    }
    let ts_path = root.key("timestamp");
    if raw.timestamp.as_ref().is_none_or(|v| *v == Scalar::Null) {
        ctx.missing(&ts_path, "`timestamp` (UTC seconds)");
    }
    event.timestamp = ctx.integer(raw.timestamp.take(), &ts_path);
    event.lang = lang;
    let lang_version = ctx.required_string(
        raw.langVersion.take(),
        &root.key("langVersion"),
        "`langVersion`",
    );
    let agent = ctx.required_string(raw.agent.take(), &root.key("agent"), "`agent`");
    let agent_version = ctx.required_string(
        raw.agentVersion.take(),
        &root.key("agentVersion"),
        "`agentVersion`",
    );

    // Attributes first: release and error message live there.
    let attr_path = root.key("attributes");
    if let Some(attrs) = ctx.container(raw.attributes.take(), &attr_path, "an object") {
        let mut attrs = attrs.0;
        ctx.cap(
            &mut attrs,
            ctx.limits.max_attributes,
            &attr_path,
            "attributes",
        );
        // Bulk-building the map from a Vec is several times cheaper than
        // inserting attributes one by one (duplicate keys: the last wins).
        let mut converted = Vec::with_capacity(attrs.len());
        for (key, value) in attrs {
            let path = attr_path.key(&key);
            if let Some(v) = attr_value(value, &path, ctx) {
                converted.push((key, v));
            }
        }
        event.attributes = converted.into_iter().collect();
    }
    for (key, value) in [
        ("lang.version", lang_version),
        ("agent", agent),
        ("agent.version", agent_version),
    ] {
        if let Some(v) = value {
            event
                .attributes
                .entry(key.to_string())
                .or_insert(AttrValue::Str(v));
        }
    }
    event.release = ["application.version", "version", "app.version"]
        .iter()
        .find_map(|k| match event.attributes.get(*k) {
            Some(AttrValue::Str(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        });

    let cls_path = root.key("classifiers");
    if let Some(classifiers) =
        ctx.container(raw.classifiers.take(), &cls_path, "an array of strings")
    {
        for (i, c) in classifiers.into_iter().enumerate() {
            if let Some(s) = ctx.string(Some(c), &cls_path.index(i)) {
                event.classifiers.push(s);
            }
        }
    }

    let fp_path = root.key("fingerprint");
    if let Some(fp) = ctx.string(raw.fingerprint.take(), &fp_path) {
        match check_fingerprint(&fp) {
            Ok(()) => event.client_fingerprint = Some(fp),
            Err(why) => ctx.error(IssueCode::Invalid, &fp_path, why),
        }
    }
    let sym_path = root.key("symbolication");
    if let Some(kind) = ctx.string(raw.symbolication.take(), &sym_path) {
        if !SYMBOLICATION_KINDS.contains(&kind.as_str()) {
            ctx.warn(
                IssueCode::Invalid,
                &sym_path,
                format!("unknown symbolication {kind:?} (expected minidump, sourcemap or proguard); ignored"),
            );
        } else {
            event
                .attributes
                .insert("symbolication".into(), AttrValue::Str(kind));
        }
    }

    // `sourceCode` ids name source files (backtrace-python sends the path as id).
    let src_path = root.key("sourceCode");
    let mut sources: Vec<(String, String)> = Vec::new();
    if let Some(entries) = ctx.container(raw.sourceCode.take(), &src_path, "an object") {
        for (id, source) in entries.0 {
            if let Tolerant::Ok(source) = source {
                let p = src_path.key(&id);
                if let Some(path) = ctx.string(source.path, &p.key("path")) {
                    sources.push((id, path));
                }
            }
        }
    }
    let native = event.platform == Platform::Native;
    let frames = FrameContext {
        native,
        sources: &sources,
    };

    // Threads, and `mainThread` — which the spec's own sample nests inside `threads`.
    let threads_path = root.key("threads");
    let mut main_thread = ctx.string(raw.mainThread.take(), &root.key("mainThread"));
    let threads = match raw.threads.take() {
        None | Some(Tolerant::Wrong(Scalar::Null)) => {
            ctx.missing(
                &threads_path,
                "`threads` (an object of threads keyed by id)",
            );
            None
        }
        Some(t) => ctx.container(Some(t), &threads_path, "an object of threads keyed by id"),
    };
    if let Some(entries) = threads {
        let mut entries = entries.0;
        ctx.cap(
            &mut entries,
            ctx.limits.max_threads,
            &threads_path,
            "threads",
        );
        for (id, thread) in entries {
            let path = threads_path.key(&id);
            match thread {
                Tolerant::Ok(t) => {
                    let name = ctx.string(t.name, &path.key("name"));
                    let fault = ctx.boolean(t.fault, &path.key("fault")).unwrap_or(false);
                    let stack_path = path.key("stack");
                    let stack = match ctx.container(t.stack, &stack_path, "an array of frames") {
                        Some(list) => convert_frames(list, &stack_path, &frames, ctx),
                        None => Vec::new(),
                    };
                    event.threads.push(Thread {
                        id,
                        name,
                        crashed: fault,
                        stack,
                    });
                }
                Tolerant::Wrong(Scalar::Str(s)) if id == "mainThread" && main_thread.is_none() => {
                    ctx.warn(
                        IssueCode::Invalid,
                        &path,
                        "`mainThread` belongs at the top level, not inside `threads`; accepted",
                    );
                    main_thread = Some(s);
                }
                Tolerant::Wrong(other) => {
                    ctx.wrong_type(&path, "a thread object", other.kind());
                }
            }
        }
        if event.threads.is_empty() && !ctx.has_errors() {
            ctx.error(
                IssueCode::Required,
                &threads_path,
                "`threads` holds no thread",
            );
        }
    }
    match &main_thread {
        None => ctx.missing(
            &root.key("mainThread"),
            "`mainThread` (the key of the thread that crashed)",
        ),
        Some(main) => {
            if !event.threads.is_empty() {
                if let Some(t) = event.threads.iter_mut().find(|t| &t.id == main) {
                    t.crashed = true;
                } else {
                    ctx.error(
                        IssueCode::BusinessRule,
                        &root.key("mainThread"),
                        format!("`mainThread` is {main:?}, which is not a key of `threads`"),
                    );
                }
            }
        }
    }
    // Only the main thread counts as crashed: "the first faulting thread listed
    // gets the status of mainThread".
    if let Some(main) = &main_thread {
        for t in &mut event.threads {
            t.crashed = &t.id == main;
        }
    }
    if let Some(entry) = ctx.string(raw.entryThread.take(), &root.key("entryThread")) {
        event
            .attributes
            .insert("entryThread".into(), AttrValue::Str(entry));
    }

    let mod_path = root.key("modules");
    if let Some(modules) = ctx.container(raw.modules.take(), &mod_path, "an array of modules") {
        let max = ctx.limits.max_modules;
        ctx.each_object(modules, max, &mod_path, "modules", |ctx, _, m, path| {
            event.modules.push(convert_module(m, path, ctx));
        });
    }

    // The exception chain: the crashing thread's stack, typed by the
    // classifiers; backtrace-node adds the causes in `annotations.error.cause`.
    // Annotations may be any JSON; only an object holds what we read.
    let annotations = raw.annotations.take().and_then(Tolerant::into_ok);
    let (js_error, py_exception) = match annotations {
        Some(a) => (
            a.error.and_then(Tolerant::into_ok),
            a.Exception.and_then(Tolerant::into_ok),
        ),
        None => (None, None),
    };
    let message = match event.attributes.get("error.message") {
        Some(AttrValue::Str(s)) => Some(s.clone()),
        _ => js_error
            .as_ref()
            .and_then(|e| scalar_text(&e.message))
            .or_else(|| py_exception.as_ref().and_then(|e| scalar_text(&e.message))),
    };
    let is_message =
        matches!(event.attributes.get("error.type"), Some(AttrValue::Str(t)) if t == "Message");
    let type_name = event
        .classifiers
        .last()
        .cloned()
        .or_else(|| js_error.as_ref().and_then(|e| scalar_text(&e.name)))
        .or_else(|| {
            py_exception
                .as_ref()
                .and_then(|e| scalar_text(&e.type_name))
        })
        .or_else(|| is_message.then(|| "Message".to_string()))
        .unwrap_or_else(|| "Error".to_string());
    if main_thread.is_some() && !ctx.has_errors() {
        event.exceptions.push(Exception {
            type_name,
            message,
            stack: Vec::new(),
            thread: main_thread,
        });
        if let Some(error) = js_error {
            let mut cause = error.cause;
            while let Some(Tolerant::Ok(c)) = cause {
                if event.exceptions.len() >= ctx.limits.max_exceptions {
                    break;
                }
                let c = *c;
                let stack = scalar_text(&c.stack)
                    .map(|s| stacktext::parse_js_stack(&s, ctx.limits.max_frames_per_stack))
                    .unwrap_or_default();
                event.exceptions.push(Exception {
                    type_name: scalar_text(&c.name).unwrap_or_else(|| "Error".into()),
                    message: scalar_text(&c.message),
                    stack,
                    thread: None,
                });
                cause = c.cause;
            }
            event.attributes.insert(
                "error.causes".into(),
                AttrValue::Int(event.exceptions.len() as i64 - 1),
            );
        }
    }
    Some(event)
}

fn scalar_text(v: &Option<Scalar>) -> Option<String> {
    match v {
        Some(Scalar::Str(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// What frame conversion needs to know about the whole payload.
struct FrameContext<'a> {
    /// Native code: `library` is the module, not a source file.
    native: bool,
    /// `sourceCode` id → path.
    sources: &'a [(String, String)],
}

fn convert_frames(
    frames: Vec<Tolerant<BtFrame>>,
    path: &Path<'_>,
    fc: &FrameContext<'_>,
    ctx: &mut Ctx<'_>,
) -> Vec<Frame> {
    let mut out = Vec::with_capacity(frames.len().min(ctx.limits.max_frames_per_stack));
    let max = ctx.limits.max_frames_per_stack;
    ctx.each_object(frames, max, path, "frames", |ctx, _, f, p| {
        let function = ctx.string(f.funcName, &p.key("funcName"));
        let address = ctx.address(f.address, &p.key("address"));
        if function.is_none() && address.is_none() {
            ctx.error(
                IssueCode::Required,
                p,
                "a frame needs `funcName` or `address`",
            );
        }
        let library = ctx.string(f.library, &p.key("library"));
        let source = ctx.string(f.sourceCode, &p.key("sourceCode"));
        let line = ctx.position(f.line, &p.key("line"));
        let column = ctx.position(f.column, &p.key("column"));
        // `sourceCode` is an id into the payload's `sourceCode` map.
        let source = source.map(|id| {
            fc.sources
                .iter()
                .find(|(k, _)| *k == id)
                .map_or(id, |(_, path)| path.clone())
        });
        let native = fc.native || (function.is_none() && address.is_some());
        out.push(Frame {
            function,
            // Script runtimes put the source path in `library`; native
            // clients put the shared object there.
            file: if native {
                source
            } else {
                library.clone().or(source)
            },
            line,
            column,
            address,
            module: if native { library } else { None },
            debug_id: ctx.string(f.debug_identifier, &p.key("debug_identifier")),
            guessed: ctx.boolean(f.guessed_frame, &p.key("guessed_frame")),
            faulted: ctx.boolean(f.faulted, &p.key("faulted")),
            ..Frame::default()
        });
    });
    out
}

fn convert_module(m: BtModule, path: &Path<'_>, ctx: &mut Ctx<'_>) -> Module {
    Module {
        start: ctx.address(m.start, &path.key("start")),
        size: ctx.address(m.size, &path.key("size")),
        code_file: ctx.string(m.code_file, &path.key("code_file")),
        debug_file: ctx.string(m.debug_file, &path.key("debug_file")),
        debug_id: ctx.string(m.debug_identifier, &path.key("debug_identifier")),
        version: ctx.string(m.version, &path.key("version")),
        code_id: None,
        debug_status: None,
    }
}

fn attr_value(v: Scalar, path: &Path<'_>, ctx: &mut Ctx<'_>) -> Option<AttrValue> {
    ctx.attribute(v, path).unwrap_or_else(|kind| {
        ctx.warn(
            IssueCode::Invalid,
            path,
            format!(
                "attribute values are strings, numbers or booleans; {} was dropped",
                kind.describe()
            ),
        );
        None
    })
}

/// A fingerprint must be standard base64, padded, of exactly 32 bytes, so it
/// can be passed through unchanged as the group's key.
fn check_fingerprint(fp: &str) -> Result<(), String> {
    match base64::engine::general_purpose::STANDARD.decode(fp) {
        Ok(bytes) if bytes.len() == 32 => Ok(()),
        Ok(bytes) => Err(format!(
            "`fingerprint` must be base64 of exactly 32 bytes; it decodes to {} bytes",
            bytes.len()
        )),
        Err(e) => Err(format!("`fingerprint` is not valid base64: {e}")),
    }
}

fn is_uuid(s: &str) -> bool {
    let hex: Vec<u8> = s.bytes().filter(|&b| b != b'-').collect();
    let dashes_ok = s.len() == 32
        || (s.len() == 36 && [8, 13, 18, 23].iter().all(|&i| s.as_bytes()[i] == b'-'));
    dashes_ok && hex.len() == 32 && hex.iter().all(u8::is_ascii_hexdigit)
}
