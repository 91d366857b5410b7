//! The app's crash handler: a panic hook that writes one Backtrace crash
//! object (JSON, one line) to standard output and aborts, the way native
//! crash reporters do: raw instruction addresses from glibc `backtrace()`
//! and the loaded modules from /proc/self/maps with the GNU build ids read
//! from their ELF notes in memory. Nothing is symbolicated here: that is
//! crashprint's job. (The approach of ../../c/src/crash.c, for panics.)
use std::ffi::{c_int, c_void};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::panic::PanicHookInfo;

extern "C" {
    fn backtrace(buffer: *mut *mut c_void, size: c_int) -> c_int;
}

struct Module {
    start: usize,
    end: usize,
    path: String,
    build_id: String,
}

static mut RELEASE: &str = "unknown";

pub fn install(release: &'static str) {
    unsafe { RELEASE = release };
    let mut warm = [std::ptr::null_mut(); 1];
    unsafe { backtrace(warm.as_mut_ptr(), 1) }; // load libgcc_s before any panic
    std::panic::set_hook(Box::new(on_panic));
}

unsafe fn read<T: Copy>(at: usize) -> T {
    std::ptr::read_unaligned(at as *const T)
}

/// The GNU build id from the ELF image mapped at `m.start` (64-bit ELF).
fn read_build_id(m: &Module) -> String {
    unsafe {
        let base = m.start;
        if read::<[u8; 4]>(base) != *b"\x7fELF" {
            return String::new();
        }
        let phoff: u64 = read(base + 32);
        let phentsize: u16 = read(base + 54);
        let phnum: u16 = read(base + 56);
        let ph = |i: u16| base + phoff as usize + i as usize * phentsize as usize;
        let mut first_load = u64::MAX;
        for i in 0..phnum {
            if read::<u32>(ph(i)) == 1 {
                first_load = first_load.min(read::<u64>(ph(i) + 16));
            }
        }
        if first_load == u64::MAX {
            return String::new();
        }
        let bias = base - (first_load as usize & !0xfff);
        for i in 0..phnum {
            if read::<u32>(ph(i)) != 4 {
                continue; // PT_NOTE only
            }
            let mut p = bias + read::<u64>(ph(i) + 16) as usize;
            let end = p + read::<u64>(ph(i) + 40) as usize;
            while p + 12 <= end {
                let (namesz, descsz, kind): (u32, u32, u32) = (read(p), read(p + 4), read(p + 8));
                let name = p + 12;
                let desc = name + ((namesz as usize + 3) & !3);
                if kind == 3 && namesz == 4 && read::<[u8; 4]>(name) == *b"GNU\0" {
                    let mut id = String::new();
                    for k in 0..descsz.min(32) as usize {
                        let _ = write!(id, "{:02x}", read::<u8>(desc + k));
                    }
                    return id;
                }
                p = desc + ((descsz as usize + 3) & !3);
            }
        }
        String::new()
    }
}

/// Every mapped file: its lowest mapping (file offset 0) to its highest end.
fn read_maps() -> Vec<Module> {
    let mut modules: Vec<Module> = Vec::new();
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    for line in maps.lines() {
        let fields: Vec<&str> = line.splitn(6, ' ').collect();
        if fields.len() < 6 {
            continue;
        }
        let path = fields[5].trim_start();
        if !path.starts_with('/') {
            continue; // anonymous, [stack], [vdso], [heap]
        }
        let Some((lo, hi)) = fields[0].split_once('-') else {
            continue;
        };
        let (Ok(lo), Ok(hi), Ok(offset)) = (
            usize::from_str_radix(lo, 16),
            usize::from_str_radix(hi, 16),
            usize::from_str_radix(fields[2], 16),
        ) else {
            continue;
        };
        if let Some(m) = modules.iter_mut().find(|m| m.path == path) {
            m.end = m.end.max(hi);
        } else if offset == 0 && fields[1].starts_with('r') {
            modules.push(Module {
                start: lo,
                end: hi,
                path: path.to_string(),
                build_id: String::new(),
            });
        }
    }
    for i in 0..modules.len() {
        modules[i].build_id = read_build_id(&modules[i]);
    }
    modules
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn uuid() -> String {
    let mut r = [7u8; 16];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = f.read_exact(&mut r);
    }
    let h: Vec<String> = r.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h[..4].concat(),
        h[4..6].concat(),
        h[6..8].concat(),
        h[8..10].concat(),
        h[10..].concat()
    )
}

#[inline(never)]
fn on_panic(info: &PanicHookInfo<'_>) {
    let mut frames = [std::ptr::null_mut::<c_void>(); 128];
    let n = unsafe { backtrace(frames.as_mut_ptr(), frames.len() as c_int) }.max(0) as usize;
    let modules = read_maps();
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"uuid\":\"{}\",\"timestamp\":{timestamp},\"lang\":\"rust\",\"langVersion\":\"rust 2021\",\
         \"agent\":\"crashprint-grouping-corpus\",\"agentVersion\":\"1.0.0\",\"mainThread\":\"main\",\
         \"classifiers\":[\"panic\"],\"attributes\":{{\"application\":{},\"application.version\":{},\
         \"error.type\":\"Panic\",\"error.message\":{}}},\
         \"threads\":{{\"main\":{{\"name\":\"main\",\"fault\":true,\"stack\":[",
        uuid(),
        // The program's name (the corpus's other Rust programs reuse this
        // handler and set CRASH_APP when they are built).
        json_string(option_env!("CRASH_APP").unwrap_or("ledger-rs")),
        json_string(unsafe { RELEASE }),
        json_string(&message),
    );
    // Frames 0 and 1 are the handler itself: this function and the `Fn`
    // shim (no line information) that std calls it through. Start at the
    // panic machinery that called the hook.
    for (k, &frame) in frames[..n].iter().skip(2).enumerate() {
        let a = frame as usize;
        let module = modules.iter().find(|m| a >= m.start && a < m.end);
        let _ = write!(
            out,
            "{}{{\"address\":\"{a:#x}\"",
            if k > 0 { "," } else { "" }
        );
        if let Some(m) = module {
            let _ = write!(out, ",\"library\":{}", json_string(&m.path));
        }
        out.push_str(if k == 0 { ",\"faulted\":true}" } else { "}" });
    }
    out.push_str("]}},\"modules\":[");
    for (i, m) in modules.iter().enumerate() {
        let _ = write!(
            out,
            "{}{{\"start\":\"{:#x}\",\"size\":{},\"code_file\":{},\"debug_identifier\":\"{}\"}}",
            if i > 0 { "," } else { "" },
            m.start,
            m.end - m.start,
            json_string(&m.path),
            m.build_id
        );
    }
    out.push_str("]}\n");
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    std::process::abort();
}
