//! Prints, for each `FILE<TAB>LINE<TAB>COLUMN` line of stdin (1-based line,
//! 0-based column in an original source file), the name Sentry's
//! js-source-scopes gives the innermost function scope there:
//! `FILE<TAB>LINE<TAB>COLUMN<TAB>NAME` (`<anonymous>` for an unnamed
//! function, `<global>` outside every function).

use js_source_scopes::{
    extract_scope_names, ScopeIndex, ScopeLookupResult, SourceContext, SourcePosition,
};
use std::collections::HashMap;
use std::io::BufRead;

fn main() {
    let mut indexes: HashMap<String, (SourceContext<String>, ScopeIndex)> = HashMap::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, row, column] = fields[..] else {
            panic!("expected FILE<TAB>LINE<TAB>COLUMN, got {line:?}");
        };
        let (context, index) = indexes.entry(file.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
            let scopes = extract_scope_names(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let scopes = scopes
                .into_iter()
                .map(|(range, name)| (range, name.map(|n| n.to_string())))
                .collect();
            let index = ScopeIndex::new(scopes).expect("well-nested scopes");
            (SourceContext::new(text).expect("source context"), index)
        });
        let row: u32 = row.parse().expect("line");
        let column: u32 = column.parse().expect("column");
        let offset = context
            .position_to_offset(SourcePosition::new(row - 1, column))
            .unwrap_or_else(|| panic!("{file}:{row}:{column} is outside the file"));
        let name = match index.lookup(offset) {
            ScopeLookupResult::NamedScope(name) => name.to_string(),
            ScopeLookupResult::AnonymousScope => "<anonymous>".to_string(),
            ScopeLookupResult::Unknown => "<global>".to_string(),
        };
        println!("{file}\t{row}\t{column}\t{name}");
    }
}
