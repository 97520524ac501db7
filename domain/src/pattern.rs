//! The regular-expression engine of the comms check, chosen once: `regex-lite` in the browser,
//! where every kilobyte is downloaded, and `regex` natively (the server, the tools, the
//! benchmark), whose lazy DFA and literal prefilters check an update about ten times faster.
//!
//! Both engines read the same patterns the same way: patterns are written for regex-lite's
//! ASCII classes (`\b`, `\w`, `\d`, `\s`), and [`compile`] spells those out for `regex`, whose
//! classes are Unicode by default. `cargo test -p herald-domain --no-default-features` runs the
//! check's tests on regex-lite too.

#[cfg(feature = "fast-patterns")]
pub use regex::{escape, Captures, Match, Regex};
#[cfg(not(feature = "fast-patterns"))]
pub use regex_lite::{escape, Captures, Match, Regex};

/// Compiles `pattern`, ignoring ASCII case when `case_insensitive`.
///
/// # Errors
/// The engine's own message when the pattern is not a valid regular expression.
pub fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    #[cfg(feature = "fast-patterns")]
    let built = regex::RegexBuilder::new(&ascii_classes(pattern))
        .case_insensitive(case_insensitive)
        .build();
    #[cfg(not(feature = "fast-patterns"))]
    let built = regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .build();
    built.map_err(|e| e.to_string())
}

/// `pattern` with regex-lite's ASCII meaning of `\b \B \d \D \w \W \s \S` written out, for an
/// engine whose classes are Unicode.
#[cfg_attr(not(feature = "fast-patterns"), allow(dead_code))]
fn ascii_classes(pattern: &str) -> String {
    const WORD: &str = "0-9A-Za-z_";
    const DIGIT: &str = "0-9";
    const SPACE: &str = r"\t\n\x0B\x0C\r ";
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let (set, negated) = match next {
                    'd' => (DIGIT, false),
                    'D' => (DIGIT, true),
                    'w' => (WORD, false),
                    'W' => (WORD, true),
                    's' => (SPACE, false),
                    'S' => (SPACE, true),
                    'b' | 'B' if !in_class => {
                        out.push_str("(?-u:\\");
                        out.push(next);
                        out.push(')');
                        continue;
                    }
                    _ => {
                        out.push('\\');
                        out.push(next);
                        continue;
                    }
                };
                match (in_class, negated) {
                    (true, false) => out.push_str(set),
                    // A negated class inside a class has no plain spelling: keep the engine's.
                    (true, true) => {
                        out.push('\\');
                        out.push(next);
                    }
                    (false, negated) => {
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(set);
                        out.push(']');
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is a literal.
                let rest = chars.as_str();
                for lead in ["^]", "]", "^"] {
                    if let Some(after) = rest.strip_prefix(lead) {
                        out.push_str(lead);
                        chars = after.chars();
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_classes_are_spelled_out_outside_and_inside_classes() {
        assert_eq!(ascii_classes(r"\bETA\b"), r"(?-u:\b)ETA(?-u:\b)");
        assert_eq!(
            ascii_classes(r"\d{2}\s*\w+"),
            r"[0-9]{2}[\t\n\x0B\x0C\r ]*[0-9A-Za-z_]+"
        );
        assert_eq!(ascii_classes(r"[\w.-]+"), r"[0-9A-Za-z_.-]+");
        assert_eq!(ascii_classes(r"[^\s<>]"), r"[^\t\n\x0B\x0C\r <>]");
        assert_eq!(ascii_classes(r"[]\d]"), r"[]0-9]");
        assert_eq!(ascii_classes(r"\.\(\\b"), r"\.\(\\b");
    }

    #[test]
    fn both_engines_read_word_boundaries_and_classes_as_ascii() {
        let word = compile(r"\bfix\w*\b", true).unwrap();
        assert_eq!(word.find("Le FIXé").map(|m| m.as_str()), Some("FIX"));
        assert!(compile(r"^\d+$", false).unwrap().is_match("42"));
        assert!(!compile(r"^\d+$", false).unwrap().is_match("４２"));
        assert!(compile(r"[^。！？\n]{0,3}更新", false)
            .unwrap()
            .is_match("下次更新"));
        assert!(compile("(unclosed", false).is_err());
    }
}
