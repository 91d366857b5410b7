//! What `crashprint:2026-12` knows about native crash machinery that
//! `crashprint:2026-11` did not: compiler clone suffixes, the frames a
//! crashing or reporting program puts above the code at fault, and the
//! Linux kernel's own reporting, scheduling, locking and library frames.
//!
//! Each list was added for errors measured on the real crash logs of
//! `testdata/crash-logs` (syzkaller kernel reports labelled by syzbot titles,
//! ClusterFuzz logs labelled by ClusterFuzz's crash state); the comment on
//! each says which. Names are matched after [`crate::normalize_function`]
//! and [`strip_clone_suffix`]: exactly, or by prefix where a pattern ends
//! in `*`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// What a frame is to grouping, beyond the user's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Reports, waits, or enters an interrupt: never where the bug is, so
    /// left out, even when nothing else is left.
    Machinery,
    /// A library routine called by the code at fault (allocator, string,
    /// list, user copy): not the app's code, but still the fallback when a
    /// stack holds nothing else.
    Helper,
}

/// `shm_open.isra.5.part.6` → `shm_open`: GCC and LLVM name the copies they
/// make of a function (`.cold` for its unlikely half, `.part.N` for a split
/// part, `.isra.N`/`.constprop.N` for specialized copies, `.lto_priv.N`,
/// `.llvm.N`), and which copies exist changes with every build. Seen on the
/// syzkaller corpus: `print_other_cpu_stall.cold.79` against
/// `print_other_cpu_stall` split one stall into two groups.
pub(crate) fn strip_clone_suffix(name: &str) -> &str {
    const CLONES: [&str; 8] = [
        "cold",
        "part",
        "isra",
        "constprop",
        "lto_priv",
        "llvm",
        "clone",
        "localalias",
    ];
    let mut end = name.len();
    // Only a cut that removes at least one clone word counts: `v1.2` stays.
    let mut clone_word = false;
    // Walk back over `.word` / `.N` segments while they are clone markers.
    while let Some(dot) = name[..end].rfind('.') {
        let segment = &name[dot + 1..end];
        let is_word = CLONES.contains(&segment);
        let is_number = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        if dot == 0 || !(is_number || is_word) {
            break;
        }
        clone_word |= is_word;
        end = dot;
    }
    if clone_word {
        &name[..end]
    } else {
        name
    }
}

/// The same JavaScript function as every engine names it: V8 prefixes a
/// method called on a plain object with `Object.` (`Object.aha`, where
/// Firefox and Safari say `aha`), and Edge and older engines spell methods
/// `Foo.prototype.testMethod` where V8 says `Foo.testMethod`. Seen on
/// Sentry's cross-browser fixture: one error in Chrome, Edge, Firefox and
/// Safari, whose top frame is `Object.aha` in Chrome only.
pub(crate) fn js_browser_neutral(mut name: String) -> String {
    if name.len() > "Object.".len() && name.starts_with("Object.") {
        name.drain(.."Object.".len());
    }
    if name.contains(".prototype.") {
        name = name.replace(".prototype.", ".");
    }
    name
}

/// The role of a function in a Linux kernel report.
pub(crate) fn kernel_role(function: &str) -> Option<Role> {
    static KERNEL: LazyLock<Roles> = LazyLock::new(|| Roles::new(KERNEL_MACHINERY, KERNEL_HELPERS));
    KERNEL.role(function)
}

/// The role of a function in a user-space native crash (sanitizers, assertion
/// and logging frameworks, language runtimes' panic paths).
pub(crate) fn native_role(function: &str) -> Option<Role> {
    static NATIVE: LazyLock<Roles> = LazyLock::new(|| Roles::new(NATIVE_MACHINERY, NATIVE_HELPERS));
    NATIVE.role(function)
}

/// The lists, indexed once: exact names in a hash map, prefixes bucketed by
/// their first byte, so a frame costs one hash lookup and a scan of the few
/// prefixes sharing its first byte rather than a scan of every pattern.
struct Roles {
    exact: HashMap<&'static str, Role>,
    /// Index: first byte; in list order, machinery first.
    prefixes: Vec<Vec<(&'static str, Role)>>,
}

impl Roles {
    fn new(machinery: &[&'static str], helpers: &[&'static str]) -> Roles {
        let mut roles = Roles {
            exact: HashMap::new(),
            prefixes: vec![Vec::new(); 256],
        };
        // Machinery first: it wins where a name is on both lists.
        for (patterns, role) in [(machinery, Role::Machinery), (helpers, Role::Helper)] {
            for &pattern in patterns {
                match pattern.strip_suffix('*') {
                    Some(prefix) => {
                        let first = prefix.bytes().next().unwrap_or(0);
                        roles.prefixes[usize::from(first)].push((prefix, role));
                    }
                    None => {
                        roles.exact.entry(pattern).or_insert(role);
                    }
                }
            }
        }
        roles
    }

    fn role(&self, function: &str) -> Option<Role> {
        // Machinery wins over helper, whichever way either matched.
        let exact = self.exact.get(function).copied();
        if exact == Some(Role::Machinery) {
            return exact;
        }
        let first = function.bytes().next().unwrap_or(0);
        let prefix = self.prefixes[usize::from(first)]
            .iter()
            .find(|(p, _)| function.starts_with(p))
            .map(|&(_, role)| role);
        match prefix {
            Some(Role::Machinery) => prefix,
            _ => exact.or(prefix),
        }
    }
}

/// Kernel frames that never locate a bug.
const KERNEL_MACHINERY: &[&str] = &[
    // A hung or blocked task's stack starts in the scheduler and the wait
    // primitive it sleeps in; syzbot names the caller (`task hung in
    // synchronize_rcu`, `in rtnl_lock`). On the corpus, `__schedule` alone
    // mixed 22 different hung-task and stall bugs into one group.
    "__schedule",
    "schedule",
    "schedule_timeout*",
    "schedule_preempt_disabled",
    "schedule_hrtimeout*",
    "io_schedule",
    "io_schedule_timeout",
    "preempt_schedule*",
    "context_switch",
    "__switch_to",
    "__switch_to_asm",
    "finish_task_switch",
    "do_wait_for_common",
    "__wait_for_common",
    "wait_for_common",
    "wait_for_common_io",
    "wait_for_completion*",
    "__wait_rcu_gp",
    "bit_wait",
    "bit_wait_io",
    "__wait_on_bit",
    "__wait_on_bit_lock",
    "out_of_line_wait_on_bit*",
    "__mutex_lock",
    "__mutex_lock_common",
    "__mutex_lock_slowpath",
    "mutex_lock",
    "mutex_lock_nested",
    "mutex_lock_interruptible*",
    "mutex_lock_killable*",
    "rwsem_down_*",
    "call_rwsem_down_*",
    "down_read",
    "down_write",
    "down_read_killable",
    "down_write_killable",
    "down",
    "__down",
    "__down_common",
    "percpu_down_write",
    "percpu_rwsem_wait",
    "__percpu_down_read",
    // Socket and console locks and work flushing are wait primitives too
    // (`lock_sock_nested` mixed 3 deadlocks, `__flush_work` 2 + 2 hangs
    // and warnings, `console_lock` 2).
    "lock_sock",
    "lock_sock_nested",
    "console_lock",
    "__flush_work",
    "flush_work",
    // The scheduler's own report (`__schedule_bug`, 3 bugs in one group).
    "__schedule_bug",
    "schedule_debug",
    // Stack dumpers and the NMI/timer path that prints a stall: `dump_stack`
    // (7 bugs in one group), `dump_backtrace` (13), `dump_cpu_task` (6),
    // `nmi_cpu_backtrace` (5 + 4 + 3 + 3 + 2 under clone suffixes).
    "dump_stack",
    "dump_stack_lvl",
    "__dump_stack",
    "show_stack",
    "show_trace_log_lvl",
    "dump_backtrace",
    "show_regs",
    "__show_regs",
    "nmi_cpu_backtrace",
    "nmi_cpu_backtrace_handler",
    "nmi_trigger_cpumask_backtrace",
    "arch_trigger_cpumask_backtrace",
    "trigger_single_cpu_backtrace",
    "dump_cpu_task",
    "sched_show_task",
    "rcu_dump_cpu_stacks",
    "print_cpu_stall",
    "print_other_cpu_stall",
    "check_cpu_stall",
    "rcu_pending",
    "rcu_sched_clock_irq",
    "rcu_check_callbacks",
    "update_process_times",
    "tick_sched_handle",
    "tick_sched_timer",
    "tick_nohz_handler",
    "__run_hrtimer",
    "__hrtimer_run_queues",
    "hrtimer_interrupt",
    "local_apic_timer_interrupt",
    "smp_apic_timer_interrupt",
    "apic_timer_interrupt",
    "__sysvec_apic_timer_interrupt",
    "sysvec_apic_timer_interrupt",
    "asm_sysvec_apic_timer_interrupt",
    "smp_apic_timer_interrupt_entry_after_kaiser_bti",
    "smp_trace_apic_timer_interrupt",
    "trace_apic_timer_interrupt",
    "trace_hardirqs_*",
    "___preempt_schedule*",
    "retint_kernel",
    "ret_from_intr",
    "common_interrupt",
    "asm_common_interrupt",
    "restore_regs_and_return_to_kernel",
    "irq_exit",
    "irq_exit_rcu",
    "__irq_exit_rcu",
    "do_softirq",
    "__do_softirq",
    "handle_softirqs",
    "invoke_softirq",
    "do_softirq_own_stack",
    "run_on_irqstack_cond",
    "asm_call_irq_on_stack",
    "asm_call_on_stack",
    "exc_nmi",
    "default_do_nmi",
    "nmi_handle",
    "do_nmi",
    "end_repeat_nmi",
    // WARN/BUG and fault entry: the trap that reported, not the code.
    "__warn",
    "warn_slowpath_fmt",
    "warn_slowpath_null",
    "warn_slowpath_common",
    "report_bug",
    "handle_bug",
    "exc_invalid_op",
    "asm_exc_invalid_op",
    "do_error_trap",
    "do_invalid_op",
    "invalid_op",
    "do_trap",
    "fixup_bug",
    "die",
    "__die",
    "__die_body",
    "oops_end",
    "no_context",
    "page_fault_oops",
    "kernelmode_fixup_or_oops",
    "__bad_area_nosemaphore",
    "bad_area_nosemaphore",
    "do_user_addr_fault",
    "do_kern_addr_fault",
    "__do_page_fault",
    "do_page_fault",
    "page_fault",
    "exc_page_fault",
    "asm_exc_page_fault",
    "do_general_protection",
    "exc_general_protection",
    "asm_exc_general_protection",
    "general_protection",
    "do_int3",
    "exc_int3",
    "asm_exc_int3",
    // arm64's fault entry (`__do_kernel_fault` mixed 4 KASAN reports).
    "__do_kernel_fault",
    "do_bad_area",
    "do_translation_fault",
    "do_mem_abort",
    "do_tag_check_fault",
    "report_tag_fault",
    "el1_abort",
    "el1_da",
    "el1_sync",
    "el1_sync_handler",
    "el1h_64_sync",
    "el1h_64_sync_handler",
    // printk: a stall inside the console code names the printing caller
    // (`vprintk_emit`, 2 stalls in one group).
    "printk",
    "_printk",
    "vprintk",
    "vprintk_emit",
    "vprintk_default",
    "vprintk_func",
    "console_unlock",
    // Checks that panic on the caller's behalf: `fortify_panic` (4 bugs in
    // one group), `skb_panic` (3), `__stack_chk_fail` (2), `bad_page` (2),
    // Rust's `BUG()` helper (2).
    "panic",
    "__stack_chk_fail",
    "fortify_panic",
    "__fortify_panic",
    "__fortify_report",
    "skb_panic",
    "skb_over_panic",
    "skb_under_panic",
    "bad_page",
    "dump_page",
    "__dump_page",
    "rust_helper_BUG",
    // Sanitizer and fault-injection reporting.
    "kasan_*",
    "__kasan_*",
    "kmsan_*",
    "__kmsan_*",
    "kcsan_*",
    "__kcsan_*",
    "kfence_*",
    "__kfence_*",
    "ubsan_*",
    "__ubsan_*",
    "__asan_*",
    "__msan_*",
    "__tsan_*",
    "print_address_description",
    "print_report",
    "check_memory_region",
    "check_memory_region_inline",
    "kmemleak_*",
    "create_object",
    "should_fail",
    "should_fail_ex",
    "should_failslab",
    "__should_failslab",
    "should_fail_alloc_page",
    "fail_dump",
    // Debug checks that report a misuse by their caller: ODEBUG's
    // `debug_print_object` (7 bugs in one group), `check_preemption_disabled`
    // (6), `___might_sleep` (3), spinlock debugging (`spin_dump`, 3).
    "debug_print_object",
    "debug_object_*",
    "debug_check_no_obj_freed",
    "__debug_check_no_obj_freed",
    "debug_check_no_locks_freed",
    "spin_dump",
    "spin_bug",
    "check_preemption_disabled",
    "debug_smp_processor_id",
    "__this_cpu_preempt_check",
    "___might_sleep",
    "__might_sleep",
    "__might_fault",
    "__might_resched",
    // lockdep: where a lock was taken, validated and reported; syzbot names
    // the lock's user. `__lock_acquire` alone mixed 21 bugs, `register_lock_class`
    // 10, `check_prev_add` 5, `check_noncircular` 4, `mark_lock` 3 + 3.
    "lock_acquire",
    "__lock_acquire",
    "lock_release",
    "__lock_release",
    "lock_acquired",
    "lock_contended",
    "lock_is_held_type",
    "__lock_is_held",
    "lockdep_*",
    "check_prev_add",
    "check_prevs_add",
    "check_noncircular",
    "print_circular_bug",
    "check_deadlock",
    "print_deadlock_bug",
    "validate_chain",
    "register_lock_class",
    "look_up_lock_class",
    "check_irq_usage",
    "check_usage",
    "print_bad_irq_dependency",
    "print_usage_bug",
    "print_unlock_imbalance_bug",
    "valid_state",
    "mark_lock",
    "mark_lock_irq",
    "mark_usage",
    "mark_held_locks",
    "check_flags",
    "save_trace",
    // Spinlock and rwlock entry points and slow paths.
    "_raw_*",
    "__raw_*",
    "do_raw_*",
    "native_queued_spin_lock_slowpath",
    "queued_spin_lock_slowpath",
    "__pv_queued_spin_lock_slowpath",
    "queued_read_lock_slowpath",
    "queued_write_lock_slowpath",
];

/// Kernel library routines: the bug is in their caller.
const KERNEL_HELPERS: &[&str] = &[
    // Allocators: `kmem_cache_alloc` (4 bugs in one group), `kmalloc_slab`
    // (3, a WARN about the caller's size), `kfree` (3), page and vmalloc
    // allocators (3 + 2 + 3).
    "kmalloc*",
    "__kmalloc*",
    "___kmalloc*",
    "kmem_cache_alloc*",
    "kmem_cache_free",
    "kmem_cache_zalloc",
    "__kmem_cache_*",
    "kfree",
    "kvfree",
    "kvmalloc*",
    "__kvmalloc*",
    "kzalloc*",
    "kcalloc",
    "krealloc*",
    "kmemdup*",
    "kstrdup*",
    "kstrndup",
    "slab_alloc*",
    "slab_free*",
    "__slab_alloc*",
    "__slab_free",
    "___slab_alloc",
    "alloc_pages*",
    "__alloc_pages*",
    "__alloc_frozen_pages*",
    "__get_free_pages",
    "get_zeroed_page",
    "__vmalloc*",
    "vmalloc*",
    "vzalloc*",
    "vfree",
    "__vfree",
    "free_unref_page*",
    "__free_pages",
    "free_pages",
    "put_page",
    "__put_page",
    "folio_unlock",
    // Socket buffers that panic when their caller overflows them
    // (`skb_put`, 2 bugs in one group).
    "skb_put",
    "skb_push",
    "skb_pull",
    // String and memory routines (`memcmp` 5 bugs, `memcpy` 3, `__memset` 2).
    "memcpy",
    "__memcpy",
    "memmove",
    "__memmove",
    "memset",
    "__memset",
    "memcmp",
    "memchr",
    "strlen",
    "strnlen",
    "strcmp",
    "strncmp",
    "strcpy",
    "strncpy",
    "strscpy",
    "strlcpy",
    "strchr",
    "strrchr",
    "strstr",
    "sprintf",
    "snprintf",
    "vsnprintf",
    "scnprintf",
    "kasprintf",
    "kvasprintf",
    // Lists and trees checked or walked for the caller (`__list_del_entry_valid`
    // 7 bugs, `rb_erase` 5, `__list_add_valid` 3).
    "__list_add_valid*",
    "__list_del_entry_valid*",
    "__list_del_entry",
    "list_del",
    "__list_add",
    "rb_erase",
    "rb_next",
    "rb_prev",
    "rb_first",
    "rb_last",
    "rb_first_postorder",
    "rb_next_postorder",
    "rb_insert_color",
    "__rb_erase_color",
    "__rb_insert_augmented",
    // Reference counts that WARN about their caller (`refcount_warn_saturate`
    // 5 bugs, `refcount_inc` 3 …).
    "refcount_*",
    "__refcount_*",
    "kobject_get",
    "kobject_put",
    "kobject_add_internal",
    "kref_get",
    "kref_put",
    // Copies to and from user space and iterators (`_copy_to_iter` 3).
    "_copy_to_user",
    "_copy_from_user",
    "copy_to_user",
    "copy_from_user",
    "__copy_to_user*",
    "__copy_from_user*",
    "copyout",
    "copyin",
    "raw_copy_*",
    "_copy_to_iter",
    "_copy_from_iter*",
    "copy_page_to_iter*",
    "copy_page_from_iter*",
    "copy_to_iter",
    "copy_from_iter",
    "__check_object_size",
    "check_object_size",
    "usercopy_*",
    // Retpoline thunks and the unwinder (`__x86_indirect_thunk_rax` 3).
    "__x86_indirect_thunk_*",
    "__x86_return_thunk",
    "__unwind_start",
    "unwind_next_frame",
    "arch_stack_walk",
    "stack_trace_save*",
    "save_stack_trace*",
    // An API that validates its arguments and WARNs for the driver that
    // called it (5 bugs in one group; syzbot titles them by the caller).
    "usb_submit_urb",
    // Thread entry: the bottom of every kernel thread's stack.
    "ret_from_fork",
    "ret_from_fork_asm",
    "kthread",
    "worker_thread",
    "process_one_work",
    "process_scheduled_works",
    "smpboot_thread_fn",
];

/// User-space frames that report or abort rather than fail.
const NATIVE_MACHINERY: &[&str] = &[
    // V8's and Chrome's fatal-error and CHECK paths (`V8_Fatal` and
    // `v8::base::OS::Abort` each mixed 2 ClusterFuzz states).
    "V8_Fatal",
    "V8_Dcheck",
    "v8::base::OS::Abort",
    "v8::base::OS::DebugBreak",
    "logging::LogMessage::*",
    "logging::LogMessageFatal::*",
    "logging::CheckError::*",
    "logging::NotReachedError::*",
    "base::debug::BreakDebugger",
    "base::debug::CollectStackTrace",
    "base::debug::StackTrace::*",
    "base::ImmediateCrash",
    // V8's %AbortJS runtime function, called by the script under test.
    "v8::internal::__RT_impl_Runtime_AbortJS",
    "v8::internal::Runtime_AbortJS",
    // googletest's failure reporting (2 states in one group).
    "testing::*",
    // Sanitizer runtimes.
    "__sanitizer::*",
    "__asan::*",
    "__msan::*",
    "__lsan::*",
    "__tsan::*",
    "__ubsan::*",
    "__hwasan::*",
    "__sanitizer_*",
    "__asan_*",
    "__msan_*",
    "__ubsan_handle_*",
    // glibc's and the C++ runtime's abort paths.
    "gsignal",
    "__libc_message",
    "__fortify_fail",
    "__chk_fail",
    "__stack_chk_fail",
    "malloc_printerr",
    "__malloc_assert",
    "std::terminate",
    "std::__terminate",
    "__cxxabiv1::*",
    "__gnu_cxx::__verbose_terminate_handler",
    "__cxa_throw",
    "__cxa_rethrow",
    "_Unwind_RaiseException",
    "_Unwind_Resume",
    // Rust's and Go's panic paths.
    "std::panicking::*",
    "core::panicking::*",
    "std::sys::backtrace::*",
    "std::sys_common::backtrace::*",
    "rust_panic",
    "__rust_start_panic",
    "runtime.throw",
    "runtime.fatalthrow",
    "runtime.fatalpanic",
    "runtime.gopanic",
    "runtime.sigpanic",
    "runtime.raise",
    "runtime.abort",
    "runtime.panicmem",
];

/// User-space library routines: the bug is in their caller.
const NATIVE_HELPERS: &[&str] = &[
    // Fuzzing harness and driver frames sit below the code under test.
    "LLVMFuzzerTestOneInput",
    "fuzzer::*",
    "com.code_intelligence.jazzer.*",
    // ASan/MSan interceptors stand for the libc routine they wrap.
    "__interceptor_*",
    "___interceptor_*",
    "memcpy",
    "memmove",
    "memset",
    "memcmp",
    "strlen",
    "strcmp",
    "strncmp",
    "strcpy",
    "strncpy",
    "malloc",
    "calloc",
    "realloc",
    "free",
    "operator new",
    "operator new[]",
    "operator delete",
    "operator delete[]",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clone_suffixes() {
        assert_eq!(strip_clone_suffix("shm_open.isra.5.part.6"), "shm_open");
        assert_eq!(
            strip_clone_suffix("print_other_cpu_stall.cold.79"),
            "print_other_cpu_stall"
        );
        assert_eq!(strip_clone_suffix("mark_lock.cold"), "mark_lock");
        assert_eq!(
            strip_clone_suffix("dump_backtrace.part.0"),
            "dump_backtrace"
        );
        assert_eq!(strip_clone_suffix("f.constprop.0.isra.0"), "f");
        assert_eq!(strip_clone_suffix("g.llvm.1234567"), "g");
        assert_eq!(strip_clone_suffix("v1.2"), "v1.2");
        assert_eq!(strip_clone_suffix("com.example.Main"), "com.example.Main");
        assert_eq!(strip_clone_suffix(".cold"), ".cold");
        assert_eq!(strip_clone_suffix("x.part"), "x");
        assert_eq!(strip_clone_suffix(""), "");
    }

    /// The index answers what a scan of the lists in order would.
    #[test]
    fn index_agrees_with_a_scan() {
        let scan = |f: &str, machinery: &[&str], helpers: &[&str]| {
            let hit = |list: &[&str]| {
                list.iter().any(|p| match p.strip_suffix('*') {
                    Some(prefix) => f.starts_with(prefix),
                    None => f == *p,
                })
            };
            if hit(machinery) {
                Some(Role::Machinery)
            } else if hit(helpers) {
                Some(Role::Helper)
            } else {
                None
            }
        };
        type Lookup = fn(&str) -> Option<Role>;
        type Lists = (&'static [&'static str], &'static [&'static str]);
        let cases: [(Lists, Lookup); 2] = [
            ((KERNEL_MACHINERY, KERNEL_HELPERS), kernel_role),
            ((NATIVE_MACHINERY, NATIVE_HELPERS), native_role),
        ];
        for (lists, role) in cases {
            let names = lists.0.iter().chain(lists.1).flat_map(|p| {
                let base = p.trim_end_matches('*');
                [base.to_string(), format!("{base}x"), format!("x{base}")]
            });
            for name in names {
                assert_eq!(role(&name), scan(&name, lists.0, lists.1), "{name}");
            }
        }
    }

    #[test]
    fn browser_neutral_js_names() {
        let n = |s: &str| js_browser_neutral(s.to_string());
        assert_eq!(n("Object.aha"), "aha");
        assert_eq!(n("Foo.prototype.testMethod"), "Foo.testMethod");
        assert_eq!(n("Array.prototype.map"), "Array.map");
        assert_eq!(n("Object.<anonymous>"), "<anonymous>");
        assert_eq!(n("ObjectPool.get"), "ObjectPool.get");
        assert_eq!(n("Object."), "Object.");
    }

    #[test]
    fn roles() {
        assert_eq!(kernel_role("__schedule"), Some(Role::Machinery));
        assert_eq!(kernel_role("_raw_spin_lock_irqsave"), Some(Role::Machinery));
        assert_eq!(kernel_role("kmalloc_slab"), Some(Role::Helper));
        assert_eq!(kernel_role("refcount_warn_saturate"), Some(Role::Helper));
        assert_eq!(kernel_role("synchronize_rcu"), None);
        assert_eq!(kernel_role("rtnl_lock"), None);
        assert_eq!(native_role("V8_Fatal"), Some(Role::Machinery));
        assert_eq!(native_role("__interceptor_memcpy"), Some(Role::Helper));
        assert_eq!(native_role("blink::Node::insertBefore"), None);
    }
}
