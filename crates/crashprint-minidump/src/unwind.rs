//! Evaluating a DWARF CFI row ([`CfiRow`], from the native store) against a
//! callee frame, through minidump-unwind's [`FrameWalker`]: the caller's
//! CFA (its stack pointer), return address and callee-saved registers.

use crashprint_native::{CfiCfa, CfiRow, CfiRule};
use minidump_unwind::FrameWalker;

/// The architectures whose DWARF register numbers are mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arch {
    X86,
    Amd64,
    Arm,
    Arm64,
    Other,
}

impl Arch {
    pub(crate) fn of(cpu: minidump::system_info::Cpu) -> Arch {
        use minidump::system_info::Cpu;
        match cpu {
            Cpu::X86 => Arch::X86,
            Cpu::X86_64 => Arch::Amd64,
            Cpu::Arm => Arch::Arm,
            Cpu::Arm64 => Arch::Arm64,
            _ => Arch::Other,
        }
    }

    /// The context's name for DWARF register `n`.
    fn register(self, n: u16) -> Option<&'static str> {
        const AMD64: [&str; 17] = [
            "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
            "r12", "r13", "r14", "r15", "rip",
        ];
        const X86: [&str; 9] = [
            "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip",
        ];
        const ARM: [&str; 16] = [
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "fp", "r12", "sp",
            "lr", "pc",
        ];
        const ARM64: [&str; 32] = [
            "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
            "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25",
            "x26", "x27", "x28", "fp", "lr", "sp",
        ];
        let table: &[&'static str] = match self {
            Arch::Amd64 => &AMD64,
            Arch::X86 => &X86,
            Arch::Arm => &ARM,
            Arch::Arm64 => &ARM64,
            Arch::Other => &[],
        };
        table.get(usize::from(n)).copied()
    }

    /// Registers are this wide: values are cut to it.
    fn mask(self, v: u64) -> u64 {
        match self {
            Arch::X86 | Arch::Arm => v & 0xffff_ffff,
            _ => v,
        }
    }
}

/// Applies `row` to `walker`: `None` when a value the caller needs (CFA or
/// return address) cannot be computed, so that the walker falls back to
/// frame pointers and scanning, as it does for a Breakpad `STACK CFI` row
/// it cannot evaluate.
pub(crate) fn apply(arch: Arch, row: &CfiRow, walker: &mut (dyn FrameWalker + Send)) -> Option<()> {
    let CfiCfa::RegisterOffset { register, offset } = row.cfa else {
        return None;
    };
    let base = walker.get_callee_register(arch.register(register)?)?;
    let cfa = arch.mask(base.wrapping_add_signed(offset));
    let ra_register = row.return_address_register;
    let mut ra = None;
    for &(n, rule) in &row.registers {
        let value = match rule {
            CfiRule::Undefined => {
                if n == ra_register {
                    // The outermost frame (`_start`, a thread's entry).
                    return None;
                }
                if let Some(name) = arch.register(n) {
                    walker.clear_caller_register(name);
                }
                continue;
            }
            CfiRule::SameValue => arch
                .register(n)
                .and_then(|name| walker.get_callee_register(name)),
            CfiRule::Offset(o) => walker.get_register_at_address(cfa.wrapping_add_signed(o)),
            CfiRule::ValOffset(o) => Some(cfa.wrapping_add_signed(o)),
            CfiRule::Register(r) => arch
                .register(r)
                .and_then(|name| walker.get_callee_register(name)),
            CfiRule::Unsupported => None,
        };
        let Some(value) = value.map(|v| arch.mask(v)) else {
            if n == ra_register {
                return None;
            }
            // Not the callee's value either: the caller's is unknown.
            if let Some(name) = arch.register(n) {
                walker.clear_caller_register(name);
            }
            continue;
        };
        if n == ra_register {
            // It becomes the caller's instruction pointer (set below), not
            // a register of its own: x86's column is no real register, and
            // ARM's link register in the caller is not what CFI restores.
            ra = Some(value);
        } else if let Some(name) = arch.register(n) {
            walker.set_caller_register(name, value);
        }
    }
    let ra = match ra {
        Some(ra) => ra,
        // No rule for the link register: it still holds the return address
        // (an ARM function's entry, a leaf).
        None if matches!(arch, Arch::Arm | Arch::Arm64) => {
            walker.get_callee_register(arch.register(ra_register)?)?
        }
        // gimli drops undefined rules: x86's return-address column without
        // a rule is undefined, the outermost frame (`_start`).
        None => return None,
    };
    walker.set_cfa(cfa)?;
    walker.set_ra(ra)?;
    Some(())
}
