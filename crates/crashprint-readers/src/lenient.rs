//! Lenient JSON primitives: real clients send numbers as strings, booleans as
//! `"false"`, 64-bit addresses as decimal or `0x` strings, and objects where
//! strings belong. These types accept anything without failing the parse, so
//! that validation can report every problem with its path afterwards.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

pub use crashprint_model::{parse_i64, parse_u64};

/// The JSON kind of a value, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool,
    /// a number
    Number,
    /// a string
    String,
    /// an array
    Array,
    /// an object
    Object,
}

impl JsonKind {
    /// An article and a noun: "a string", "an object".
    pub fn describe(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "a boolean",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// Any JSON value, keeping scalars and only the kind of containers (their
/// content is skipped without being stored).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`
    Null,
    /// a boolean
    Bool(bool),
    /// a non-negative integer
    U64(u64),
    /// a negative integer
    I64(i64),
    /// a non-integer number
    F64(f64),
    /// a string
    Str(String),
    /// an array (skipped)
    Array,
    /// an object (skipped)
    Object,
}

impl Scalar {
    /// Its JSON kind.
    pub fn kind(&self) -> JsonKind {
        match self {
            Scalar::Null => JsonKind::Null,
            Scalar::Bool(_) => JsonKind::Bool,
            Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => JsonKind::Number,
            Scalar::Str(_) => JsonKind::String,
            Scalar::Array => JsonKind::Array,
            Scalar::Object => JsonKind::Object,
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(if v >= 0 {
            Scalar::U64(v as u64)
        } else {
            Scalar::I64(v)
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// A container type that [`Tolerant`] can check before descending into it.
pub trait Container {
    /// The JSON kind it is read from.
    const KIND: JsonKind;
}

/// An object or array of the expected kind, or whatever else was sent there.
#[derive(Debug, Clone, PartialEq)]
pub enum Tolerant<T> {
    /// The expected container, parsed.
    Ok(T),
    /// Something else: scalars are kept, containers only by kind.
    Wrong(Scalar),
}

impl<T> Tolerant<T> {
    /// The parsed value, if it had the expected kind.
    pub fn into_ok(self) -> Option<T> {
        match self {
            Tolerant::Ok(v) => Some(v),
            Tolerant::Wrong(_) => None,
        }
    }
}

struct TolerantVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Container> Visitor<'de> for TolerantVisitor<T> {
    type Value = Tolerant<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::KIND.describe())
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::Bool(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::U64(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::I64(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::F64(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::Str(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::Str(v)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::Null))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Tolerant::Wrong(Scalar::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if T::KIND == JsonKind::Array {
            T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Tolerant::Ok)
        } else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Tolerant::Wrong(Scalar::Array))
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if T::KIND == JsonKind::Object {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Tolerant::Ok)
        } else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Tolerant::Wrong(Scalar::Object))
        }
    }
}

impl<'de, T: Deserialize<'de> + Container> Deserialize<'de> for Tolerant<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TolerantVisitor(PhantomData))
    }
}

impl<T> Container for Vec<T> {
    const KIND: JsonKind = JsonKind::Array;
}

/// A JSON object read as key/value pairs in the order sent (thread order
/// matters: the first faulting thread wins). A key sent twice is an error,
/// `duplicate field`, as it is for the fields of the payload's own objects
/// (serde's rule): which of the two was meant cannot be known.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<V>(pub Vec<(String, V)>);

impl<V> Container for Entries<V> {
    const KIND: JsonKind = JsonKind::Object;
}

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

struct EntriesVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
    type Value = Entries<V>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(String, V)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        // Small objects are searched; larger ones get a set of their keys.
        const SEARCHED: usize = 16;
        let mut seen: Option<std::collections::HashSet<String>> = None;
        while let Some(k) = map.next_key::<String>()? {
            let duplicate = match &mut seen {
                Some(seen) => !seen.insert(k.clone()),
                None => {
                    let found = out.iter().any(|(o, _)| *o == k);
                    if !found && out.len() >= SEARCHED {
                        let mut set: std::collections::HashSet<String> =
                            out.iter().map(|(o, _)| o.clone()).collect();
                        set.insert(k.clone());
                        seen = Some(set);
                    }
                    found
                }
            };
            if duplicate {
                return Err(de::Error::custom(format_args!("duplicate field `{k}`")));
            }
            let v = map.next_value::<V>()?;
            out.push((k, v));
        }
        Ok(Entries(out))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// Parses a boolean sent as a boolean, `"true"`/`"false"`, `"1"`/`"0"` or 1/0.
pub fn scalar_bool(v: &Scalar) -> Option<bool> {
    match v {
        Scalar::Bool(b) => Some(*b),
        Scalar::U64(0) => Some(false),
        Scalar::U64(1) => Some(true),
        Scalar::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_strings() {
        assert_eq!(
            parse_u64("16045690984833335023"),
            Some(16045690984833335023)
        );
        assert_eq!(parse_u64("0x7f00DEAD"), Some(0x7f00dead));
        assert_eq!(parse_u64(" 10 "), Some(10));
        assert_eq!(parse_u64("-1"), None);
        assert_eq!(parse_u64("0x"), None);
        assert_eq!(parse_u64("18446744073709551616"), None);
        assert_eq!(parse_i64("-5"), Some(-5));
        assert_eq!(scalar_bool(&Scalar::Str("false".into())), Some(false));
        assert_eq!(scalar_bool(&Scalar::Str("maybe".into())), None);
    }

    #[test]
    fn tolerant_keeps_going_on_wrong_kinds() {
        #[derive(serde::Deserialize, Debug)]
        struct S {
            a: Option<Tolerant<Vec<Scalar>>>,
            b: Option<Tolerant<Vec<Scalar>>>,
            c: Option<Scalar>,
        }
        let s: S =
            serde_json::from_str(r#"{"a": {"x": [1,2]}, "b": [1, "2", {"q":1}], "c": [[]]}"#)
                .expect("tolerant parse");
        assert_eq!(s.a, Some(Tolerant::Wrong(Scalar::Object)));
        assert_eq!(
            s.b,
            Some(Tolerant::Ok(vec![
                Scalar::U64(1),
                Scalar::Str("2".into()),
                Scalar::Object
            ]))
        );
        assert_eq!(s.c, Some(Scalar::Array));
    }
}
