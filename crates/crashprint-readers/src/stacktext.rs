//! Stack traces that arrive as text inside a payload (backtrace-node keeps a
//! cause chain only as `annotations.error.cause.stack`).

use crashprint_model::Frame;

/// Parses a JavaScript `Error.stack` string, V8 (`    at fn (file:line:col)`)
/// or SpiderMonkey/JavaScriptCore (`fn@file:line:col`) style, into frames,
/// innermost first. The leading `Type: message` line and anything
/// unrecognised is skipped; at most `max_frames` are kept.
pub fn parse_js_stack(stack: &str, max_frames: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in stack.lines() {
        if frames.len() >= max_frames {
            break;
        }
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("at ") {
            frames.push(parse_v8_frame(rest));
        } else if let Some((function, location)) = line.split_once('@') {
            if location.contains(':') {
                let mut frame = location_frame(location);
                if !function.is_empty() {
                    frame.function = Some(function.to_string());
                }
                frames.push(frame);
            }
        }
    }
    frames
}

fn parse_v8_frame(rest: &str) -> Frame {
    // `fn (location)`, `async fn (location)`, or a bare location.
    if let Some(stripped) = rest.strip_suffix(')') {
        if let Some(open) = stripped.rfind(" (") {
            let function = &stripped[..open];
            let location = &stripped[open + 2..];
            let mut frame = location_frame(location);
            frame.function = Some(function.to_string());
            return frame;
        }
    }
    location_frame(rest)
}

/// `file:line:col`, where the file itself may contain colons (URLs, `node:`).
fn location_frame(location: &str) -> Frame {
    let mut frame = Frame::default();
    let mut parts = location.rsplitn(3, ':');
    let last = parts.next();
    let middle = parts.next();
    let head = parts.next();
    match (head, middle, last) {
        (Some(file), Some(line), Some(col))
            if line.bytes().all(|b| b.is_ascii_digit())
                && col.bytes().all(|b| b.is_ascii_digit())
                && !line.is_empty() =>
        {
            frame.file = Some(file.to_string());
            frame.line = line.parse().ok().filter(|&n| n > 0);
            frame.column = col.parse().ok().filter(|&n| n > 0);
        }
        _ => frame.file = Some(location.to_string()),
    }
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v8_and_gecko_frames() {
        let stack = "SyntaxError: Expected double-quoted property name\n    at JSON.parse (<anonymous>)\n    at parseConfig (/srv/app/lib/services.js:35:17)\n    at async main (/srv/app/app.js:45:9)\n    at node:internal/main/run_main_module:28:49\nrender@https://x.test/app.js:1:200";
        let frames = parse_js_stack(stack, 100);
        assert_eq!(frames.len(), 5);
        assert_eq!(frames[0].function.as_deref(), Some("JSON.parse"));
        assert_eq!(frames[0].file.as_deref(), Some("<anonymous>"));
        assert_eq!(frames[1].file.as_deref(), Some("/srv/app/lib/services.js"));
        assert_eq!((frames[1].line, frames[1].column), (Some(35), Some(17)));
        assert_eq!(frames[2].function.as_deref(), Some("async main"));
        assert_eq!(
            frames[3].file.as_deref(),
            Some("node:internal/main/run_main_module")
        );
        assert_eq!(frames[4].function.as_deref(), Some("render"));
        assert_eq!(frames[4].file.as_deref(), Some("https://x.test/app.js"));
        assert_eq!(parse_js_stack(stack, 2).len(), 2);
    }
}
