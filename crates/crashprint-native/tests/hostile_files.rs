//! Companion files (`.gnu_debuglink` target, `.dwo`, `.dwp`, dwz
//! supplementary file) behind a link out of the symbol directory are not
//! followed: the module answers as if the companion were absent, while the
//! same file copied into the directory is used (issue 13, case 4).

use crashprint_model::{SymbolBudget, SymbolDirs};
use crashprint_native::{ModuleIndex, ResolvedFrame};
use std::path::{Path, PathBuf};

fn native() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/native")
}

fn addresses(reference: &str) -> Vec<u64> {
    std::fs::read_to_string(native().join("expected").join(format!("{reference}.addrs")))
        .expect("addresses")
        .lines()
        .filter_map(|l| u64::from_str_radix(l.trim().trim_start_matches("0x"), 16).ok())
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "crashprint-native-hostile-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("symbols")).expect("mkdir");
    std::fs::create_dir_all(dir.join("outside")).expect("mkdir");
    dir
}

/// Every address's frames, with the module at `binary` opened inside
/// `symbols`.
fn answers(symbols: &Path, binary: &str, addrs: &[u64]) -> Vec<Vec<ResolvedFrame>> {
    let dirs = SymbolDirs::new(vec![symbols.to_path_buf()]);
    let index = ModuleIndex::open_in(&symbols.join(binary), &dirs, &SymbolBudget::default())
        .expect("the binary itself opens");
    addrs.iter().map(|&a| index.lookup(a)).collect()
}

#[test]
fn companions_behind_links_out_of_the_directory_are_not_followed() {
    // (binary, its companion, where the companion goes, reference addresses)
    let cases = [
        (
            "bin/c-gcc-O2-stripped",
            "bin/c-gcc-O2-stripped.debug",
            "c-gcc-O2-stripped.debug",
            "c-gcc-O2-dwarf4",
        ),
        (
            "bin/c-gcc-O2-stripped",
            "bin/c-gcc-O2-stripped.debug",
            ".debug/c-gcc-O2-stripped.debug",
            "c-gcc-O2-dwarf4",
        ),
        (
            "bin/c-gcc-O2-split",
            "bin/c-gcc-O2-split-fixture.dwo",
            "c-gcc-O2-split-fixture.dwo",
            "c-gcc-O2-split",
        ),
        (
            "bin/dwp/c-clang-O2-split",
            "bin/dwp/c-clang-O2-split.dwp",
            "c-clang-O2-split.dwp",
            "c-clang-O2-dwarf5",
        ),
        (
            "bin/dwz/c-gcc-O2-dwz",
            "bin/dwz/c-dwz-common.debug",
            "c-dwz-common.debug",
            "c-gcc-O2-dwarf4",
        ),
    ];
    for (i, (binary, companion, at, reference)) in cases.into_iter().enumerate() {
        let dir = scratch(&i.to_string());
        let symbols = dir.join("symbols");
        let name = Path::new(binary).file_name().expect("name");
        std::fs::copy(native().join(binary), symbols.join(name)).expect("copy");
        let addrs = addresses(reference);
        let binary = name.to_str().expect("utf8");
        let without = answers(&symbols, binary, &addrs);
        // The companion inside: used.
        let inside = symbols.join(at);
        std::fs::create_dir_all(inside.parent().expect("parent")).expect("mkdir");
        std::fs::copy(native().join(companion), &inside).expect("copy");
        let with = answers(&symbols, binary, &addrs);
        assert_ne!(with, without, "{binary}: the companion {at} is used");
        // The same file outside, linked from where the companion goes: not
        // followed.
        let outside = dir.join("outside").join(at.replace('/', "_"));
        std::fs::rename(&inside, &outside).expect("move out");
        std::os::unix::fs::symlink(&outside, &inside).expect("symlink");
        assert_eq!(
            answers(&symbols, binary, &addrs),
            without,
            "{binary}: {at} links out of the directory"
        );
        // A directory on the way that links out: not followed either.
        if let Some((sub, file)) = at.split_once('/') {
            std::fs::remove_file(&inside).expect("unlink");
            std::fs::remove_dir(symbols.join(sub)).expect("rmdir");
            let out_dir = dir.join("outside").join("linked");
            std::fs::create_dir_all(&out_dir).expect("mkdir");
            std::fs::copy(native().join(companion), out_dir.join(file)).expect("copy");
            std::os::unix::fs::symlink(&out_dir, symbols.join(sub)).expect("symlink");
            assert_eq!(
                answers(&symbols, binary, &addrs),
                without,
                "{binary}: {sub}/ links out of the directory"
            );
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
