//! Loaded with `LD_PRELOAD` into a test program: when the environment
//! names a file in `CRASHPRINT_DUMP`, installs crash-handler's signal
//! handlers; on a crash, a forked child (allowed to ptrace its parent)
//! writes the parent's minidump with minidump-writer, the way Breakpad's
//! `ExceptionHandler` does, and the process exits.

use crash_handler::{make_crash_event, CrashContext, CrashEventResult, CrashHandler};
use minidump_writer::minidump_writer::MinidumpWriterConfig;
use minidump_writer::CrashContextExt;

#[used]
#[link_section = ".init_array"]
static INIT: extern "C" fn() = init;

extern "C" fn init() {
    let Ok(path) = std::env::var("CRASHPRINT_DUMP") else {
        return;
    };
    let event = unsafe {
        make_crash_event(move |ctx: &CrashContext| {
            libc::prctl(libc::PR_SET_PTRACER, libc::PR_SET_PTRACER_ANY, 0, 0, 0);
            let child = libc::fork();
            if child == 0 {
                let ok = match std::fs::File::create(&path) {
                    Ok(mut file) => {
                        let mut config = MinidumpWriterConfig::new(ctx.pid, ctx.tid);
                        config.set_crash_context(CrashContextExt { inner: ctx.clone() });
                        match config.write(&mut file) {
                            Ok(_) => true,
                            Err(e) => {
                                eprintln!("crashprint-dumper: {e}");
                                false
                            }
                        }
                    }
                    Err(_) => false,
                };
                libc::_exit(if ok { 0 } else { 1 });
            }
            if child > 0 {
                let mut status = 0;
                libc::waitpid(child, &mut status, libc::__WALL);
                libc::_exit(if status == 0 { 70 } else { 71 });
            }
            CrashEventResult::Handled(false)
        })
    };
    if let Ok(handler) = CrashHandler::attach(event) {
        std::mem::forget(handler);
    }
}
