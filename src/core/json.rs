//! A small JSON value with its parser and serialiser.
//!
//! The SDK reads and writes JSON everywhere (arguments from JS, server bodies, stored
//! sessions), so this is written for size: one value type, one recursive-descent parser and
//! one writer, instead of serde_json's generic (de)serialisers.
//!
//! - Objects keep their keys sorted and unique (like serde_json's default `Map`, a
//!   `BTreeMap`), so the text written for a value is the same whatever order it was built in.
//! - Numbers keep the text they were read with: nothing is lost or reformatted on the way
//!   through, and no float printing is needed. [`Number::as_f64`] and friends read them.
//! - The parser accepts exactly the JSON that serde_json accepts (RFC 8259, at most 127
//!   nested arrays or objects, numbers that fit an `f64`) and reports problems at the same
//!   line and column.

use crate::prelude::*;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number, kept as its text (always valid JSON number syntax).
#[derive(Debug, Clone, PartialEq)]
pub struct Number(String);

/// A JSON object: unique keys, kept in sorted order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

/// Where and why JSON text could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    /// True when the text ended too early (otherwise it is malformed).
    pub eof: bool,
    /// Line of the problem (1-based).
    pub line: usize,
    /// Column of the problem (bytes into the line).
    pub column: usize,
}

impl Error {
    /// `malformed JSON (line 1, column 2)` or `JSON that ends early (line 1, column 1)`.
    pub fn describe(&self) -> String {
        let what = if self.eof {
            "JSON that ends early (line "
        } else {
            "malformed JSON (line "
        };
        let mut out = String::from(what);
        push_u64(&mut out, self.line as u64);
        out.push_str(", column ");
        push_u64(&mut out, self.column as u64);
        out.push(')');
        out
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// The field `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The map of an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Compact JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write(&mut out, self);
        out
    }
}

impl ::core::ops::Index<&str> for Value {
    type Output = Value;
    /// The field `key`, or `null` when there is none.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Object(m)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Self {
        Value::Number(n)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// `{k: v, ...}` from pairs.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    Value::Object(m)
}

impl Number {
    /// The number's JSON text.
    pub fn as_text(&self) -> &str {
        &self.0
    }

    /// An integer.
    pub fn from_u64(n: u64) -> Self {
        let mut s = String::new();
        push_u64(&mut s, n);
        Number(s)
    }

    /// A signed integer.
    pub fn from_i64(n: i64) -> Self {
        let mut s = String::new();
        if n < 0 {
            s.push('-');
        }
        push_u64(&mut s, n.unsigned_abs());
        Number(s)
    }

    /// A finite float (`None` for NaN and infinities, which JSON cannot hold). Whole numbers
    /// are written as integers; others with 17 significant digits.
    pub fn from_f64(f: f64) -> Option<Self> {
        if !f.is_finite() {
            return None;
        }
        if f.abs() < 9_007_199_254_740_992.0 && (f as i64) as f64 == f {
            return Some(Number::from_i64(f as i64));
        }
        // Scientific notation with 17 significant digits, worked out in f64 (rare: the
        // service's numbers are whole).
        let mut s = String::new();
        if f < 0.0 {
            s.push('-');
        }
        let a = f.abs();
        let mut exp = 0i32;
        let mut m = a;
        while m >= 10.0 {
            m /= 10.0;
            exp += 1;
        }
        while m < 1.0 {
            m *= 10.0;
            exp -= 1;
        }
        let mut digits = (m * 1e16 + 0.5) as u64;
        if digits >= 100_000_000_000_000_000 {
            digits /= 10;
            exp += 1;
        }
        let mut d = String::new();
        push_u64(&mut d, digits);
        let d = d.trim_end_matches('0');
        let (first, rest) = (d.get(..1).unwrap_or("0"), d.get(1..).unwrap_or_default());
        s.push_str(first);
        if !rest.is_empty() {
            s.push('.');
            s.push_str(rest);
        }
        s.push('e');
        if exp < 0 {
            s.push('-');
        }
        push_u64(&mut s, u64::from(exp.unsigned_abs()));
        Some(Number(s))
    }

    /// Splits the text into sign, significand digits (up to 19, the rest counted in the
    /// exponent), decimal exponent, and whether it is written as an integer.
    fn parts(&self) -> (bool, u64, i32, bool) {
        let b = self.0.as_bytes();
        let negative = b.first() == Some(&b'-');
        let (mut sig, mut exp, mut integer) = (0u64, 0i32, true);
        let mut i = usize::from(negative);
        let (mut frac, mut overflowed) = (false, false);
        while let Some(&c) = b.get(i) {
            match c {
                b'0'..=b'9' => {
                    // As serde_json: digits past what a u64 holds are dropped (counted in
                    // the exponent before the point).
                    match sig
                        .checked_mul(10)
                        .and_then(|s| s.checked_add(u64::from(c - b'0')))
                    {
                        Some(s) if !overflowed => {
                            sig = s;
                            if frac {
                                exp -= 1;
                            }
                        }
                        _ => {
                            overflowed = true;
                            if !frac {
                                exp += 1;
                            }
                        }
                    }
                }
                b'.' => {
                    frac = true;
                    integer = false;
                }
                _ => {
                    integer = false;
                    let (neg, mut e) = (b.get(i + 1) == Some(&b'-'), 0i32);
                    for &c in b.get(i + 1..).unwrap_or_default() {
                        if c.is_ascii_digit() {
                            e = e.saturating_mul(10).saturating_add(i32::from(c - b'0'));
                        }
                    }
                    exp = exp.saturating_add(if neg { -e } else { e });
                    break;
                }
            }
            i += 1;
        }
        (negative, sig, exp, integer)
    }

    /// The number as an `f64` (as serde_json reads it: significand times a power of ten).
    pub fn as_f64(&self) -> f64 {
        let (negative, sig, exp, _) = self.parts();
        let f = scale(sig as f64, exp);
        if negative { -f } else { f }
    }

    /// The number as an `i64`, when it is written as an integer in range (not `-0`).
    pub fn as_i64(&self) -> Option<i64> {
        let (negative, sig, exp, integer) = self.parts();
        if !integer || exp != 0 {
            return None;
        }
        if negative {
            if sig == 0 || sig > 1 << 63 {
                return None;
            }
            Some((sig as i64).wrapping_neg())
        } else {
            i64::try_from(sig).ok()
        }
    }

    /// True when serde_json would read the number as an integer (`u64` or `i64`): written
    /// without fraction or exponent, in range, and not `-0`.
    pub fn is_integer(&self) -> bool {
        let (negative, sig, exp, integer) = self.parts();
        integer && exp == 0 && (!negative || (sig != 0 && sig <= 1 << 63))
    }
}

/// `f * 10^exp`.
fn scale(mut f: f64, mut exp: i32) -> f64 {
    // Powers of ten up to 1e22 are exact in an f64.
    while exp != 0 && f != 0.0 && f.is_finite() {
        let step = exp.clamp(-22, 22);
        let mut p = 1.0f64;
        for _ in 0..step.unsigned_abs() {
            p *= 10.0;
        }
        if step > 0 {
            f *= p
        } else {
            f /= p
        }
        exp -= step;
    }
    f
}

impl Map {
    /// An empty object.
    pub const fn new() -> Self {
        Map(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let i = self.find(key).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: &str, value: Value) -> Option<Value> {
        match self.find(key) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|e| ::core::mem::replace(&mut e.1, value)),
            Err(i) => {
                self.0.insert(i, (key.into(), value));
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.find(key).ok()?;
        Some(self.0.remove(i).1)
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields in key order.
    pub fn iter(&self) -> ::core::slice::Iter<'_, (String, Value)> {
        self.0.iter()
    }

    /// Keeps only the fields for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Value) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = alloc::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(&k, v);
        }
        m
    }
}

/// Appends the decimal digits of `n`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

// ---- writing

fn write(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.0),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal, escaped as serde_json does (short escapes where JSON has them,
/// `\u00XX` for other control characters, everything else as is).
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---- reading

/// Parses JSON text (the whole text: only whitespace may follow the value).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser {
        text,
        i: 0,
        depth: 128,
    };
    let v = p.value()?;
    match p.ws() {
        Some(_) => Err(p.peek_err(false)),
        None => Ok(v),
    }
}

struct Parser<'a> {
    /// The text being read.
    text: &'a str,
    i: usize,
    depth: u8,
}

type Res<T> = Result<T, Error>;

impl<'a> Parser<'a> {
    /// The text's bytes.
    fn b(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn at(&self, index: usize, eof: bool) -> Error {
        let before = self.b().get(..index).unwrap_or(self.b());
        let start = before
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        Error {
            eof,
            line,
            column: index - start,
        }
    }

    /// An error at the current position (after the last byte read).
    fn err(&self, eof: bool) -> Error {
        self.at(self.i, eof)
    }

    /// An error at the byte looked at (not yet read).
    fn peek_err(&self, eof: bool) -> Error {
        self.at(self.b().len().min(self.i + 1), eof)
    }

    fn peek(&self) -> Option<u8> {
        self.b().get(self.i).copied()
    }

    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    /// Skips whitespace; the next byte, not read.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn value(&mut self) -> Res<Value> {
        let Some(c) = self.ws() else {
            return Err(self.peek_err(true));
        };
        match c {
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.i += 1;
                Ok(Value::String(self.string()?))
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(self.peek_err(false));
                }
                self.i += 1;
                let v = if c == b'[' {
                    self.array().map(Value::Array)
                } else {
                    self.object().map(Value::Object)
                };
                self.depth += 1;
                v
            }
            _ => Err(self.peek_err(false)),
        }
    }

    fn ident(&mut self, word: &[u8], v: Value) -> Res<Value> {
        self.i += 1;
        for &expected in word.get(1..).unwrap_or_default() {
            match self.next() {
                None => return Err(self.err(true)),
                Some(c) if c != expected => return Err(self.err(false)),
                Some(_) => {}
            }
        }
        Ok(v)
    }

    fn array(&mut self) -> Res<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            match self.ws() {
                None => return Err(self.peek_err(true)),
                Some(b']') => break,
                Some(_) if items.is_empty() => {}
                Some(b',') => {
                    self.i += 1;
                    match self.ws() {
                        Some(b']') => return Err(self.peek_err(false)),
                        Some(_) => {}
                        None => return Err(self.peek_err(true)),
                    }
                }
                Some(_) => return Err(self.peek_err(false)),
            }
            items.push(self.value()?);
        }
        self.i += 1;
        Ok(items)
    }

    fn object(&mut self) -> Res<Map> {
        let mut map = Map::new();
        let mut first = true;
        loop {
            match self.ws() {
                None => return Err(self.peek_err(true)),
                Some(b'}') => break,
                Some(b'"') if first => {}
                Some(_) if first => return Err(self.peek_err(false)),
                Some(b',') => {
                    self.i += 1;
                    match self.ws() {
                        Some(b'"') => {}
                        Some(_) => return Err(self.peek_err(false)),
                        None => return Err(self.peek_err(true)),
                    }
                }
                Some(_) => return Err(self.peek_err(false)),
            }
            first = false;
            self.i += 1;
            let key = self.string()?;
            match self.ws() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_err(false)),
                None => return Err(self.peek_err(true)),
            }
            let v = self.value()?;
            map.insert(&key, v);
        }
        self.i += 1;
        Ok(map)
    }

    fn digits(&mut self) {
        while self.peek_or_null().is_ascii_digit() {
            self.i += 1;
        }
    }

    /// A number, checked as serde_json checks it (a leading zero alone, digits after `.`
    /// and `e`, the value finite).
    fn number(&mut self) -> Res<Value> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.next() {
            None => return Err(self.err(true)),
            Some(b'0') => {
                if self.peek_or_null().is_ascii_digit() {
                    return Err(self.peek_err(false));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.err(false)),
        }
        if self.peek_or_null() == b'.' {
            self.i += 1;
            if !self.peek_or_null().is_ascii_digit() {
                return Err(self.peek_err(self.peek().is_none()));
            }
            self.digits();
        }
        if matches!(self.peek_or_null(), b'e' | b'E') {
            self.i += 1;
            if matches!(self.peek_or_null(), b'+' | b'-') {
                self.i += 1;
            }
            match self.next() {
                None => return Err(self.err(true)),
                Some(b'0'..=b'9') => self.digits(),
                Some(_) => return Err(self.err(false)),
            }
        }
        // ASCII only, so the slice is at char boundaries.
        let n = Number(self.text.get(start..self.i).unwrap_or_default().into());
        if !n.as_f64().is_finite() {
            return Err(self.err(false));
        }
        Ok(Value::Number(n))
    }

    fn hex4(&mut self) -> Res<u32> {
        let Some(digits) = self.b().get(self.i..self.i + 4) else {
            self.i = self.b().len();
            return Err(self.err(true));
        };
        self.i += 4;
        let mut n = 0;
        for &c in digits {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.err(false)),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    /// The rest of a string whose opening quote has been read.
    fn string(&mut self) -> Res<String> {
        let mut out = String::new();
        // The run of plain characters since the last escape: it starts and ends next to an
        // ASCII byte (`"`, `\`), so at char boundaries of the (valid) text.
        let mut run = self.i;
        loop {
            let Some(c) = self.next() else {
                return Err(self.err(true));
            };
            if c == b'"' || c == b'\\' {
                out.push_str(self.text.get(run..self.i - 1).unwrap_or_default());
            }
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.next() else {
                        return Err(self.err(true));
                    };
                    out.push(match e {
                        b'"' | b'\\' | b'/' => char::from(e),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.err(false)),
                    });
                    run = self.i;
                }
                0..=0x1f => return Err(self.err(false)),
                _ => {}
            }
        }
        Ok(out)
    }

    /// The char of a `\u` escape (a surrogate pair takes two), `\u` read.
    fn unicode_escape(&mut self) -> Res<char> {
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.err(false));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            return char::from_u32(n).ok_or_else(|| self.err(false));
        }
        for expected in [b'\\', b'u'] {
            match self.next() {
                None => return Err(self.err(true)),
                Some(c) if c != expected => return Err(self.err(false)),
                Some(_) => {}
            }
        }
        let n2 = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&n2) {
            return Err(self.err(false));
        }
        char::from_u32((((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000)
            .ok_or_else(|| self.err(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    /// Inputs whose acceptance, value and error position must match serde_json's.
    const CORPUS: &[&str] = &[
        "",
        " ",
        "null",
        "nul",
        "nulx",
        "true",
        "tru",
        "false",
        "falsy",
        "0",
        "-0",
        "-",
        "-x",
        "01",
        "1.",
        "1.x",
        "1.5",
        "1e",
        "1e+",
        "1ex",
        "1e5",
        "1E-5",
        "-12.5e+3",
        "1e400",
        "-1e400",
        "1e-400",
        "123456789012345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "\"abc",
        "\"a\\",
        "\"a\\x\"",
        "\"a\\u12\"",
        "\"a\\u12",
        "\"a\\u12g4\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
        "\"tab\there\"",
        "\"日本語\"",
        "\"日本\\n語 é\\u00e9x\\\\\"",
        "\"\\\"é\\\"\"",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[1 2]",
        "[,1]",
        "[]",
        "[ 1 , [ 2 , { } ] ]",
        "{",
        "{\"a\"",
        "{\"a\" 1}",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{\"a\":1,2:3}",
        "{\"b\":1,\"a\":2,\"b\":3}",
        "{}",
        "{} x",
        "1 2",
        "\n\n  [1,\n  x]",
        "{\"a\":\n\"b\"\n,\"c\"\n}",
        "not json",
        "\u{0}{{{",
        "<html>",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];

    fn serde_problem(e: &serde_json::Error) -> String {
        let eof = e.classify() == serde_json::error::Category::Eof;
        Error {
            eof,
            line: e.line(),
            column: e.column(),
        }
        .describe()
    }

    #[test]
    fn parses_like_serde_json() {
        for text in CORPUS {
            let ours = parse(text);
            let theirs = serde_json::from_str::<serde_json::Value>(text);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => {
                    let back: serde_json::Value =
                        serde_json::from_str(&a.to_text()).expect("our output is JSON");
                    assert_eq!(&back, b, "{text}");
                }
                (Err(a), Err(b)) => assert_eq!(a.describe(), serde_problem(b), "{text}"),
                _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
    }

    #[test]
    fn writes_like_serde_json() {
        let text = r#"{"z":[1,-2.5,true,null,"\u0001\u001f\u007f é\"\\\n\r\t\b\f"],"a":{"y":{},"b":[]},"m":"\u2028"}"#;
        let ours = parse(text).expect("valid").to_text();
        let theirs = serde_json::from_str::<serde_json::Value>(text)
            .expect("valid")
            .to_string();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn numbers() {
        let n = |t: &str| match parse(t) {
            Ok(Value::Number(n)) => n,
            other => panic!("{t}: {other:?}"),
        };
        for (text, int) in [
            ("0", Some(0)),
            ("-0", None),
            ("42", Some(42)),
            ("-42", Some(-42)),
            ("1.0", None),
            ("1e2", None),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
        ] {
            assert_eq!(n(text).as_i64(), int, "{text}");
            let serde: serde_json::Value = serde_json::from_str(text).expect("valid");
            assert_eq!(n(text).as_f64(), serde.as_f64().expect("number"), "{text}");
            assert_eq!(
                n(text).is_integer(),
                serde.is_u64() || serde.is_i64(),
                "{text}"
            );
        }
        for f in [7200.5, -0.001, 1e300, 123456.789] {
            let back = n(&Number::from_f64(f).expect("finite").0).as_f64();
            assert!((back - f).abs() <= f.abs() * 1e-15, "{f} {back}");
        }
        assert_eq!(
            Number::from_f64(7200.0).map(|n| n.0),
            Some("7200".to_string())
        );
        assert_eq!(Number::from_i64(-5).0, "-5");
        assert_eq!(Number::from_u64(u64::MAX).0, format!("{}", u64::MAX));
    }

    #[test]
    fn maps_keep_keys_sorted_and_unique() {
        let mut m = Map::new();
        m.insert("b", Value::Bool(true));
        m.insert("a", Value::Null);
        assert_eq!(m.insert("b", Value::Bool(false)), Some(Value::Bool(true)));
        assert_eq!(
            Value::Object(m.clone()).to_text(),
            r#"{"a":null,"b":false}"#
        );
        assert_eq!(m.remove("a"), Some(Value::Null));
        assert!(!m.contains_key("a") && m.len() == 1);
        assert_eq!(object([("x", "y".into())])["x"], Value::from("y"));
        assert_eq!(object([])["missing"], Value::Null);
    }
}
