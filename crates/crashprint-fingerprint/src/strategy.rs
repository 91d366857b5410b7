//! Grouping strategies selectable by name: crashprint's default and
//! re-implementations, from their public documentation, of how other
//! services group, so that users can compare them on their own data
//! (`crashprint eval --strategy NAME`).

/// A grouping strategy. Each has its own name and blake3 context: a
/// fingerprint made under one never collides with another's.
///
/// Every variant is named by its version, so that code testing for one
/// keeps its meaning when the default moves on; [`Strategy::DEFAULT`] (and
/// `Strategy::default()`) names the version in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// `crashprint:2027-01`, the default ([`Strategy::DEFAULT`]): the rules
    /// of `crashprint:2026-12`, and a frame that does not name the code at
    /// fault by itself (an anonymous function, a module without a symbol, a
    /// shared throw helper) is joined by the next named frame; runtime
    /// built-ins, system libraries and trivial accessors are not the app's
    /// code; minified error class names are recovered or distrusted; names
    /// are spelled the same whatever SDK or bundler carried them (see the
    /// crate docs and `v2027.rs`).
    Crashprint2027_01,
    /// `crashprint:2026-12`, the previous default, kept so that stored
    /// fingerprints keep their meaning:
    /// for each exception of the chain its type and its top in-app frame
    /// (function and file base name, never a line or an address), after
    /// leaving out compiler clone suffixes and native crash machinery and
    /// making JavaScript names browser-neutral (see the crate docs).
    Crashprint2026_12,
    /// The previous default, `crashprint:2026-11`, kept so that stored
    /// fingerprints keep their meaning: the same rules without clone
    /// suffixes and native crash machinery.
    Crashprint2026_11,
    /// Sentry's stack-trace grouping as documented: exception type plus the
    /// function names of all in-app frames (all frames when none is in-app),
    /// no lines.
    SentryLike,
    /// Bugsnag's default grouping as documented: error class plus the file
    /// and line number of the top in-project frame (so a moved line splits
    /// the group).
    BugsnagLike,
    /// ClusterFuzz-style: crash type plus the top 3 significant frames
    /// (function names, runtime and crash-helper frames skipped), in-app or
    /// not.
    Top3,
    /// The unsymbolicated frames as sent: type plus the top 5 raw frames
    /// (function or module + address, file and line as the client sent
    /// them), ignoring symbolication.
    Raw,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::DEFAULT
    }
}

impl Strategy {
    /// The default: the newest version of crashprint's own strategy. A new
    /// default is a new variant; this constant then points at it.
    pub const DEFAULT: Strategy = Strategy::Crashprint2027_01;

    /// Every strategy, the newest version of each family before older ones.
    pub const ALL: [Strategy; 7] = [
        Strategy::Crashprint2027_01,
        Strategy::Crashprint2026_12,
        Strategy::Crashprint2026_11,
        Strategy::SentryLike,
        Strategy::BugsnagLike,
        Strategy::Top3,
        Strategy::Raw,
    ];

    /// Its versioned name.
    pub const fn name(self) -> &'static str {
        match self {
            Strategy::Crashprint2027_01 => "crashprint:2027-01",
            Strategy::Crashprint2026_12 => "crashprint:2026-12",
            Strategy::Crashprint2026_11 => "crashprint:2026-11",
            Strategy::SentryLike => "sentry-like:2026-11",
            Strategy::BugsnagLike => "bugsnag-like:2026-11",
            Strategy::Top3 => "top3:2026-11",
            Strategy::Raw => "raw:2026-11",
        }
    }

    /// The strategy a user names: its full name, or the name without the
    /// version (`sentry-like`, `crashprint`: the newest), or `default`.
    pub fn from_name(name: &str) -> Option<Strategy> {
        if name == "default" {
            return Some(Strategy::DEFAULT);
        }
        // ALL lists the newest version of a family first.
        Strategy::ALL.into_iter().find(|s| {
            let full = s.name();
            full == name || !name.contains(':') && full.split(':').next() == Some(name)
        })
    }

    /// The blake3 key-derivation context of its fingerprints.
    pub(crate) fn context(self) -> &'static str {
        match self {
            Strategy::Crashprint2027_01 => "crashprint 2027-01 grouping fingerprint v1",
            Strategy::Crashprint2026_12 => "crashprint 2026-12 grouping fingerprint v1",
            Strategy::Crashprint2026_11 => "crashprint 2026-11 grouping fingerprint v1",
            Strategy::SentryLike => "crashprint sentry-like 2026-11 grouping fingerprint v1",
            Strategy::BugsnagLike => "crashprint bugsnag-like 2026-11 grouping fingerprint v1",
            Strategy::Top3 => "crashprint top3 2026-11 grouping fingerprint v1",
            Strategy::Raw => "crashprint raw 2026-11 grouping fingerprint v1",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_name(s.name()), Some(s));
        }
        assert_eq!(
            Strategy::from_name("sentry-like"),
            Some(Strategy::SentryLike)
        );
        assert_eq!(Strategy::from_name("default"), Some(Strategy::DEFAULT));
        assert_eq!(Strategy::from_name("crashprint"), Some(Strategy::DEFAULT));
        assert_eq!(
            Strategy::from_name("crashprint:2026-11"),
            Some(Strategy::Crashprint2026_11)
        );
        assert_eq!(
            Strategy::from_name("crashprint:2026-12"),
            Some(Strategy::Crashprint2026_12)
        );
        assert_eq!(
            Strategy::from_name("crashprint:2027-01"),
            Some(Strategy::Crashprint2027_01)
        );
        assert_eq!(Strategy::from_name("top3:1999"), None);
        assert_eq!(Strategy::from_name("nope"), None);
    }
}
