//! Native frames of an event, resolved in place through a [`SymbolStore`].

use crate::{ModuleRef, SymbolStore};
use crashprint_model::{
    cap_expansion, Event, Frame, FrameStatus, Module, SymbolicatedFrame, Symbolicator, Unusable,
};

/// Resolves the native frames of `event`: each frame with an address is
/// mapped to its module (by the frame's own load address, as Bugsnag NDK
/// frames carry it, else by address range among the event's modules), made
/// module-relative, and, for
/// caller frames, moved back into the call instruction. Resolved frames fill
/// [`Frame::symbolicated`] (inlined frames first); others keep their raw data
/// and say why in [`Frame::unresolved`]. Each module's outcome is recorded in
/// [`Module::debug_status`].
///
/// The store's [`SymbolBudget`](crashprint_model::SymbolBudget) bounds the
/// frames: at most `max_expanded_frames_per_frame` for one address (the innermost
/// inlined frames and the outermost function), at most
/// `max_expanded_frames_per_stack` in one stack; frames past that keep their raw
/// data ([`FrameStatus::OverBudget`]).
pub fn symbolicate_event(store: &SymbolStore, event: &mut Event) {
    if !event.frames_mut().any(|f| f.address.is_some()) {
        return;
    }
    let budget = *store.budget();
    // Open each module's debug file once per event.
    let mut resolved: Vec<Option<Result<std::sync::Arc<crate::ModuleIndex>, Unusable>>> =
        vec![None; event.modules.len()];
    let modules = event.modules.clone();
    let mut statuses: Vec<Option<String>> = vec![None; modules.len()];
    // Returns how many frames the frame now holds.
    let mut resolve = |frame: &mut Frame, caller: bool, room: usize| -> usize {
        // A reader that resolved its frames itself (a minidump walked with
        // these same stores) already said what it found.
        if frame.status.is_some() {
            return frame.symbolicated.len();
        }
        if room == 0 {
            if frame.address.is_some() {
                frame.unresolved = Some(format!(
                    "the stack reached the budget of {} resolved frames",
                    budget.max_expanded_frames_per_stack
                ));
                frame.status = Some(FrameStatus::OverBudget);
            }
            return 0;
        }
        let Some(address) = frame.address else {
            return 0;
        };
        let Some(m) = module_of(&modules, frame, address) else {
            frame.unresolved = Some("the address is in no module the report lists".into());
            frame.status = Some(FrameStatus::NoModule);
            return 0;
        };
        let index = resolved[m].get_or_insert_with(|| {
            store.find(ModuleRef {
                debug_id: modules[m].debug_id.as_deref().filter(|s| !s.is_empty()),
                debug_file: modules[m].debug_file.as_deref(),
                code_file: modules[m].code_file.as_deref(),
            })
        });
        let index = match index {
            Ok(index) => index,
            Err(why) => {
                statuses[m] = Some(format!("missing: {}", why.reason));
                frame.unresolved = Some(why.reason.clone());
                frame.status = Some(if why.over_budget {
                    FrameStatus::OverBudget
                } else {
                    FrameStatus::MissingDebugFile
                });
                return 0;
            }
        };
        statuses[m].get_or_insert_with(|| "found".to_string());
        let start = modules[m].start.unwrap_or(0);
        let relative = address.wrapping_sub(start).wrapping_add(index.image_base());
        // A caller's address is its return address: the call is just before.
        let lookup = if caller {
            relative.saturating_sub(1)
        } else {
            relative
        };
        let mut frames = index.lookup(lookup);
        if frames.is_empty() {
            frame.unresolved = Some("the debug file has no function at this address".into());
            frame.status = Some(FrameStatus::NotCovered);
            return 0;
        }
        let found = frames.len();
        let kept = budget.max_expanded_frames_per_frame.min(room);
        if cap_expansion(&mut frames, kept) > 0 {
            frame.unresolved = Some(format!(
                "{found} inlined frames at this address, cut to {kept} (the innermost and the \
                 outermost kept) by the symbol budget"
            ));
        }
        frame.status = Some(
            if frames
                .iter()
                .all(|f| f.source == crate::Source::SymbolTable)
            {
                FrameStatus::SymbolTable
            } else {
                FrameStatus::Symbolicated
            },
        );
        frame.symbolicated = frames
            .into_iter()
            .map(|f| SymbolicatedFrame {
                function: f.function,
                file: f.file,
                line: f.line,
                column: f.column,
                inlined: f.inlined,
                in_app: None,
                context: Vec::new(),
            })
            .collect();
        frame.symbolicated.len()
    };
    for stack in event
        .exceptions
        .iter_mut()
        .map(|e| &mut e.stack)
        .chain(event.threads.iter_mut().map(|t| &mut t.stack))
    {
        let mut room = budget.max_expanded_frames_per_stack;
        for (i, frame) in stack.iter_mut().enumerate() {
            let caller = i > 0 && frame.faulted != Some(true);
            room -= resolve(frame, caller, room).min(room);
        }
    }
    for (module, status) in event.modules.iter_mut().zip(statuses) {
        if status.is_some() {
            module.debug_status = status;
        }
    }
}

/// The module holding a frame: by the frame's own load address, else by
/// address range among the listed modules.
fn module_of(modules: &[Module], frame: &Frame, address: u64) -> Option<usize> {
    if let Some(base) = frame.module_base {
        return modules.iter().position(|m| m.start == Some(base));
    }
    modules.iter().position(|m| match (m.start, m.size) {
        (Some(start), Some(size)) => address >= start && address - start < size,
        _ => false,
    })
}

impl Symbolicator for SymbolStore {
    fn name(&self) -> &'static str {
        "native"
    }

    fn symbolicate(&self, event: &mut Event) {
        symbolicate_event(self, event);
    }
}
