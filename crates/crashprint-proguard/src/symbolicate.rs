//! JVM/Android frames of an event, resolved in place through a
//! [`MappingStore`].

use crate::store::MappingStore;
use crate::{FrameOutcome, StackFrame};
use crashprint_model::{
    AttrValue, Event, Frame, FrameStatus, Platform, SymbolBudget, SymbolicatedFrame, Symbolicator,
};

/// Resolves the obfuscated JVM frames and exception classes of `event`
/// through the mapping of its release (or the mapping UUID it names:
/// attribute `proguard.uuid`, `proguardUuid` or Bugsnag's `app.buildUUID`).
/// Resolved frames fill [`Frame::symbolicated`], inlined frames first;
/// outline and synthesized frames are removed; exception classes are
/// replaced by their original names (the obfuscated one is kept in the
/// message's place only when unknown). The store's budget bounds the frames
/// an input frame and a stack expand to, after retracing.
pub fn symbolicate_event(store: &MappingStore, event: &mut Event) {
    if !is_jvm(event) {
        return;
    }
    let uuid = ["proguard.uuid", "proguardUuid", "app.buildUUID"]
        .iter()
        .find_map(|k| match event.attributes.get(*k) {
            Some(AttrValue::Str(s)) => Some(s.clone()),
            _ => None,
        });
    let mapping = match store.find(event.release.as_deref(), uuid.as_deref()) {
        Ok(m) => m,
        Err(why) => {
            for frame in event.frames_mut().filter(|f| is_jvm_frame(f)) {
                frame.unresolved = Some(why.reason.clone());
                frame.status = Some(if why.over_budget {
                    FrameStatus::OverBudget
                } else {
                    FrameStatus::MissingDebugFile
                });
            }
            return;
        }
    };
    let budget = store.budget();
    for exception in &mut event.exceptions {
        let thrown = exception.type_name.clone();
        remap_frames(&mapping, Some(&thrown), &mut exception.stack, budget);
        if let Some(original) = mapping.remap_class(&thrown) {
            exception.type_name = original.to_string();
        }
    }
    for thread in &mut event.threads {
        remap_frames(&mapping, None, &mut thread.stack, budget);
    }
}

/// Remaps one stack in place (`thrown`: the exception it belongs to, for
/// `rewriteFrame` rules).
fn remap_frames(
    mapping: &crate::Mapping,
    thrown: Option<&str>,
    stack: &mut [Frame],
    budget: &SymbolBudget,
) {
    let names: Vec<(String, String)> = stack
        .iter()
        .map(|f| split_function(f).unwrap_or_default())
        .collect();
    let inputs: Vec<StackFrame<'_>> = stack
        .iter()
        .zip(&names)
        .map(|(f, (class, method))| StackFrame {
            class,
            method,
            line: f.line,
            file: f.file.as_deref(),
        })
        .collect();
    let remapped = mapping.remap_stack_with(thrown, &inputs, budget);
    for ((frame, (class, _)), result) in stack.iter_mut().zip(&names).zip(remapped) {
        if !class.is_empty() {
            apply(frame, result, class, budget);
        }
    }
}

fn apply(frame: &mut Frame, result: FrameOutcome, class: &str, budget: &SymbolBudget) {
    match result {
        FrameOutcome::Unknown => {
            frame.unresolved = Some(format!("the mapping has nothing for {class}"));
            frame.status = Some(FrameStatus::NotCovered);
        }
        FrameOutcome::OverBudget => {
            frame.unresolved = Some(format!(
                "the stack reached the budget of {} resolved frames",
                budget.max_expanded_frames_per_stack
            ));
            frame.status = Some(FrameStatus::OverBudget);
        }
        FrameOutcome::Frames { frames: chain, cut } => {
            let kept = chain.len();
            let last = chain.len().saturating_sub(1);
            frame.symbolicated = chain
                .into_iter()
                .enumerate()
                .map(|(i, r)| SymbolicatedFrame {
                    function: Some(format!("{}.{}", r.class, r.method)),
                    file: r.file,
                    line: r.line,
                    column: None,
                    inlined: i < last,
                    in_app: None,
                    context: Vec::new(),
                })
                .collect();
            frame.unresolved = (cut > 0).then(|| {
                format!(
                    "an inline chain of {} frames, cut to {kept} (the innermost and the \
                     outermost kept) by the symbol budget",
                    kept + cut
                )
            });
            frame.status = Some(FrameStatus::Symbolicated);
        }
    }
}

/// `a.b.C.method` → (`a.b.C`, `method`).
fn split_function(frame: &Frame) -> Option<(String, String)> {
    if !is_jvm_frame(frame) {
        return None;
    }
    let function = frame.function.as_deref()?;
    let (class, method) = function.rsplit_once('.')?;
    Some((class.to_string(), method.to_string()))
}

fn is_jvm_frame(frame: &Frame) -> bool {
    frame.address.is_none()
        && frame.column.is_none()
        && frame
            .function
            .as_deref()
            .is_some_and(|f| f.contains('.') && !f.contains(' '))
}

/// An event from the JVM: Android or Java platform, or frames the client
/// tagged `jvm`.
fn is_jvm(event: &Event) -> bool {
    event.platform == Platform::Java
        || event
            .exceptions
            .iter()
            .flat_map(|e| &e.stack)
            .any(|f| f.kind.as_deref() == Some("jvm") || f.kind.as_deref() == Some("android"))
}

impl Symbolicator for MappingStore {
    fn name(&self) -> &'static str {
        "proguard"
    }

    fn symbolicate(&self, event: &mut Event) {
        symbolicate_event(self, event);
    }
}
