//! Name normalization: what stays stable across builds and releases.
//!
//! Line numbers, addresses, generic arguments, parameter lists, lambda and
//! closure ids, compiler hash suffixes and cache-busting file hashes change
//! between builds without the bug changing, so none of them may reach a
//! fingerprint.

use crashprint_model::Platform;

/// Normalizes a function name for grouping.
///
/// ```
/// use crashprint_fingerprint::normalize_function;
/// use crashprint_model::Platform;
/// let n = |s| normalize_function(s, Platform::Native);
/// assert_eq!(n("std::vector<int, std::allocator<int> >::push_back(int const&)"), "std::vector::push_back");
/// assert_eq!(n("int (anonymous namespace)::parse(char const*) const"), "{anon}::parse");
/// assert_eq!(n("app::main::h0123456789abcdef"), "app::main");
/// assert_eq!(n("<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop"), "<alloc::vec::Vec as core::ops::drop::Drop>::drop");
/// assert_eq!(n("app::run::{{closure}}"), "app::run::{closure}");
/// assert_eq!(normalize_function("Timeout.explodeLater [as _onTimeout]", Platform::JavaScript), "Timeout.explodeLater");
/// assert_eq!(normalize_function("com.example.Main.lambda$main$0", Platform::Java), "com.example.Main.lambda$main$");
/// ```
pub fn normalize_function(name: &str, platform: Platform) -> String {
    let s = name.trim();
    // Most C, kernel and JavaScript names have nothing to remove: skip the
    // rewriting passes (each allocates) for them.
    if is_plain_name(s) {
        return s.to_string();
    }
    rewrite(s, platform)
}

/// The rewriting passes of [`normalize_function`].
fn rewrite(mut s: &str, platform: Platform) -> String {
    // JavaScript decorations added by the engine, not the code.
    if platform == Platform::JavaScript || platform == Platform::Other {
        for prefix in ["async ", "new "] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
            }
        }
        if let Some(idx) = s.find(" [as ") {
            if s.ends_with(']') {
                s = &s[..idx];
            }
        }
    }
    let mut out = s
        .replace("(anonymous namespace)", "{anon}")
        .replace("`anonymous namespace'", "{anon}")
        .replace("{{closure}}", "{closure}");
    out = strip_closure_ids(&out);
    if platform != Platform::Python && platform != Platform::JavaScript {
        out = strip_params_and_return_type(&out);
        out = strip_generic_args(&out);
    }
    out = strip_rust_hash(&out);
    out = strip_lambda_ids(&out);
    collapse_whitespace(&out)
}

/// Letters, digits, `_` and `.` only, and no Go `funcN`: no pass below
/// changes such a name.
fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !s.contains("func")
}

/// `{closure#0}` → `{closure}`, `{lambda(int)#1}` → `{lambda}`.
fn strip_closure_ids(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let inner = &after[..close];
                let word: String = inner
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if matches!(
                    word.as_str(),
                    "closure" | "lambda" | "shim" | "constant" | "impl"
                ) {
                    out.push('{');
                    out.push_str(&word);
                    out.push('}');
                } else {
                    out.push('{');
                    out.push_str(inner);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cuts a C++/Rust signature down to its qualified name: the parameter list
/// (and what follows it: `const`, `&&`, ABI tags) and the return type go.
fn strip_params_and_return_type(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut depth_angle = 0i32;
    let mut cut = s.len();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if !after_operator(s, i) => depth_angle += 1,
            b'>' if depth_angle > 0 && !after_operator(s, i) => depth_angle -= 1,
            b'(' if depth_angle == 0 && !s[..i].ends_with("operator") && i > 0 => {
                cut = i;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let head = &s[..cut];
    // The return type is whatever precedes the last top-level space.
    let mut depth = 0i32;
    let mut last_space = None;
    for (i, b) in head.bytes().enumerate() {
        match b {
            b'<' if !after_operator(head, i) => depth += 1,
            b'>' if depth > 0 && !after_operator(head, i) => depth -= 1,
            b' ' if depth == 0
                && !head[..i].ends_with("operator")
                && !head[..i].ends_with(" as") =>
            {
                last_space = Some(i);
            }
            _ => {}
        }
    }
    let name = match last_space {
        Some(sp) if !head[sp + 1..].starts_with("as ") => &head[sp + 1..],
        _ => head,
    };
    name.trim().to_string()
}

fn after_operator(s: &str, i: usize) -> bool {
    let before = s[..i].trim_end_matches(['<', '>', '=']);
    before.ends_with("operator")
}

/// Removes generic argument lists (`Vec<T>` → `Vec`) but keeps Rust's
/// qualified-path brackets (`<T as Trait>::f`).
fn strip_generic_args(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let prev = out.as_bytes().last().copied();
        let is_generic_open = b == b'<'
            && prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_' || p == b'>')
            && !after_operator(s, i);
        if is_generic_open {
            // Skip the balanced group; if unbalanced, keep the rest as is.
            let mut depth = 0;
            let mut j = i;
            while j < bytes.len() {
                match bytes[j] {
                    b'<' => depth += 1,
                    b'>' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= bytes.len() {
                out.push_str(&s[i..]);
                break;
            }
            i = j + 1;
            continue;
        }
        // Push the whole char (names may hold non-ASCII).
        let ch_len = utf8_len(b);
        out.push_str(&s[i..(i + ch_len).min(s.len())]);
        i += ch_len;
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Rust legacy mangling appends `::h` + 16 hex digits.
fn strip_rust_hash(s: &str) -> String {
    if let Some(idx) = s.rfind("::h") {
        let tail = &s[idx + 3..];
        if tail.len() == 16 && tail.bytes().all(|b| b.is_ascii_hexdigit()) {
            return s[..idx].to_string();
        }
    }
    s.to_string()
}

/// Compiler-numbered synthetic names: `lambda$main$0`, `$$Lambda$14/0x0000…`,
/// `access$000`, `<Main>b__0_1`, Go's `func1`.
fn strip_lambda_ids(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'$' {
            out.push('$');
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            // `$$Lambda$14/0x000000080010a000`: the address part too.
            if i + 2 < bytes.len()
                && bytes[i] == b'/'
                && bytes[i + 1] == b'0'
                && bytes[i + 2] == b'x'
            {
                i += 3;
                while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                    i += 1;
                }
            }
            continue;
        }
        if b == b'b' && s[i..].starts_with("b__") && out.ends_with('>') {
            out.push_str("b__");
            i += 3;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                i += 1;
            }
            continue;
        }
        if s[i..].starts_with("func")
            && (i == 0 || bytes[i - 1] == b'.')
            && bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            out.push_str("func");
            i += 4;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                if bytes[i] == b'.' && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                i += 1;
            }
            continue;
        }
        let ch_len = utf8_len(b);
        out.push_str(&s[i..(i + ch_len).min(s.len())]);
        i += ch_len;
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The stable part of a file path: its base name, without query, fragment
/// or cache-busting content hashes (`app.3f2a1b9c.js` → `app.<hash>.js`).
///
/// ```
/// use crashprint_fingerprint::normalize_file;
/// assert_eq!(normalize_file("/srv/app/lib/services.js"), "services.js");
/// assert_eq!(normalize_file("https://cdn.example/static/js/main.8c3f2a1b.chunk.js?v=3#x"), "main.<hash>.chunk.js");
/// assert_eq!(normalize_file("C:\\src\\app\\main.cpp"), "main.cpp");
/// ```
pub fn normalize_file(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let mut out = String::with_capacity(base.len());
    let mut first = true;
    for part in base.split('.') {
        if !first {
            out.push('.');
        }
        first = false;
        let mut first_dash = true;
        for piece in part.split('-') {
            if !first_dash {
                out.push('-');
            }
            first_dash = false;
            if is_content_hash(piece) {
                out.push_str("<hash>");
            } else {
                out.push_str(piece);
            }
        }
    }
    out
}

fn is_content_hash(s: &str) -> bool {
    s.len() >= 6
        && s.bytes().all(|b| b.is_ascii_hexdigit())
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
        || (s.len() >= 8 && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Replaces what varies between occurrences of the same message: numbers,
/// hex values, UUIDs, emails and URLs become placeholders.
///
/// ```
/// use crashprint_fingerprint::parameterize;
/// assert_eq!(parameterize("sku SKU-999 out of range"), "sku SKU-<int> out of range");
/// assert_eq!(parameterize("user ann@example.com failed 3 times at 0x7ffd12"), "user <email> failed <int> times at <hex>");
/// assert_eq!(parameterize("id 123e4567-e89b-12d3-a456-426655440000 gone"), "id <uuid> gone");
/// assert_eq!(parameterize("utf8 and v2 stay"), "utf8 and v2 stay");
/// ```
pub fn parameterize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, token) in message.split_inclusive(char::is_whitespace).enumerate() {
        let _ = i;
        let trimmed = token.trim_end();
        let trailing = &token[trimmed.len()..];
        out.push_str(&parameterize_token(trimmed));
        out.push_str(trailing);
    }
    out
}

fn parameterize_token(token: &str) -> String {
    if token.contains("://") {
        return "<url>".into();
    }
    // Strip punctuation around the token so "(42)," keeps its brackets.
    let core_start = token
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(token.len());
    let core_end = token
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(core_start, |i| {
            i + token[i..].chars().next().map_or(1, char::len_utf8)
        });
    if core_start >= core_end {
        return token.to_string();
    }
    let (pre, core, post) = (
        &token[..core_start],
        &token[core_start..core_end],
        &token[core_end..],
    );
    let replaced = if is_email(core) {
        "<email>".to_string()
    } else if is_uuid(core) {
        "<uuid>".to_string()
    } else if is_hex_literal(core) || is_hex_id(core) {
        "<hex>".to_string()
    } else {
        replace_numbers(core)
    };
    format!("{pre}{replaced}{post}")
}

/// `0x7ffd12`
fn is_hex_literal(s: &str) -> bool {
    (s.starts_with("0x") || s.starts_with("0X"))
        && s.len() > 2
        && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A hash or id: 8+ hex digits mixing digits and letters (`3f2a1b9c`).
fn is_hex_id(s: &str) -> bool {
    s.len() >= 8
        && s.bytes().all(|b| b.is_ascii_hexdigit())
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Digit runs not glued to a preceding letter become `<int>` (`v2` and `utf8` stay).
fn replace_numbers(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let glued = i > 0 && bytes[i - 1].is_ascii_alphabetic();
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            if glued {
                out.push_str(&s[start..i]);
            } else {
                out.push_str("<int>");
            }
            continue;
        }
        let ch_len = utf8_len(b);
        out.push_str(&s[i..(i + ch_len).min(s.len())]);
        i += ch_len;
    }
    out
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        }
        None => false,
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The route of a URL: scheme, host, query and fragment dropped, ids in
/// path segments replaced (`https://x/courses/7/files` → `/courses/<int>/files`).
///
/// ```
/// use crashprint_fingerprint::url_template;
/// assert_eq!(url_template("https://canvas.instructure.com/courses/1"), "/courses/<int>");
/// assert_eq!(url_template("/users/ann@example.com/files/123e4567-e89b-12d3-a456-426655440000?x=1"), "/users/<email>/files/<uuid>");
/// ```
pub fn url_template(url: &str) -> String {
    let url = url.trim();
    let without_scheme = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        None => url,
    };
    let path = without_scheme
        .split(['?', '#'])
        .next()
        .unwrap_or(without_scheme);
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if segment.is_empty() {
            continue;
        }
        out.push_str(&parameterize_token(segment));
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The plain-name shortcut never changes what grouping sees.
        #[test]
        fn plain_names_are_what_the_rewriting_passes_make_of_them(
            name in "[A-Za-z0-9_.]{1,40}",
            platform in prop::sample::select(vec![
                Platform::Native, Platform::JavaScript, Platform::Java,
                Platform::Python, Platform::Other,
            ]),
        ) {
            if is_plain_name(&name) {
                prop_assert_eq!(rewrite(&name, platform), name.clone());
            }
            prop_assert_eq!(normalize_function(&name, platform), rewrite(&name, platform));
        }
    }

    use super::*;

    #[test]
    fn cpp_names() {
        let n = |s| normalize_function(s, Platform::Native);
        assert_eq!(n("void foo::bar<int>(int)"), "foo::bar");
        assert_eq!(n("foo::operator<<(std::ostream&)"), "foo::operator<<");
        assert_eq!(n("std::_Function_handler<void (), main::{lambda()#1}>::_M_invoke(std::_Any_data const&)"), "std::_Function_handler::_M_invoke");
        assert_eq!(
            n("main::{lambda(int)#2}::operator()(int) const"),
            "main::{lambda}::operator()"
        );
        assert_eq!(n("crash_me"), "crash_me");
        assert_eq!(n("main.main.func1"), "main.main.func");
        assert_eq!(n("Program.<Main>b__0_0"), "Program.<Main>b__");
        assert_eq!(n("app::run::{closure#3}"), "app::run::{closure}");
    }

    #[test]
    fn java_synthetics() {
        let n = |s| normalize_function(s, Platform::Java);
        assert_eq!(
            n("com.a.B$$Lambda$14/0x000000080010a000.run"),
            "com.a.B$$Lambda$.run"
        );
        assert_eq!(n("com.a.B.access$000"), "com.a.B.access$");
    }

    #[test]
    fn files_and_urls() {
        assert_eq!(normalize_file("node:internal/timers"), "timers");
        assert_eq!(normalize_file("app.js"), "app.js");
        assert_eq!(normalize_file("vendor-5a4b3c2d.js"), "vendor-<hash>.js");
        assert_eq!(url_template("https://x.test"), "/");
        assert_eq!(
            url_template("https://x.test/courses/12/assignments/7/edit"),
            "/courses/<int>/assignments/<int>/edit"
        );
    }

    #[test]
    fn messages() {
        assert_eq!(parameterize("failed (42), again"), "failed (<int>), again");
        assert_eq!(
            parameterize("upstream timeout after 30000ms"),
            "upstream timeout after <int>ms"
        );
        assert_eq!(
            parameterize("see https://x.test/a?b=1 now"),
            "see <url> now"
        );
        assert_eq!(parameterize("pi is 3.14"), "pi is <int>");
    }
}
