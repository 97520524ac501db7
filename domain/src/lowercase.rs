//! Unicode lowercase exactly as the standard library maps it, from a compact table.
//!
//! `char::to_lowercase` carries std's table of 1,462 pairs (11.7 KB, about 5 KB gzip of every
//! browser bundle); `build.rs` writes the same mapping, read off this toolchain's std, as 185
//! runs of characters a fixed distance from their lowercase. A test holds the two to the same
//! answer for every character.

include!(concat!(env!("OUT_DIR"), "/lowercase.rs"));

/// Appends `c` in lowercase to `out`, as `char::to_lowercase` would: one character for every
/// character but `İ`, which lowercases to `i` and a combining dot above.
pub fn push_lowercase(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if c == '\u{130}' {
        out.push_str("i\u{307}");
    } else {
        out.push(lowercase_one(c));
    }
}

/// `text` in lowercase, character by character (no final-sigma rule: `str::to_lowercase`
/// writes a word-final `Σ` as `ς`, `char::to_lowercase` as `σ`, and this is the latter).
pub fn lowercase_chars(text: impl IntoIterator<Item = char>) -> String {
    let mut out = String::new();
    for c in text {
        push_lowercase(c, &mut out);
    }
    out
}

/// The single-character lowercase of a non-ASCII `c` other than `İ`.
fn lowercase_one(c: char) -> char {
    let code = u32::from(c);
    let after = LOWERCASE_RUNS.partition_point(|&(packed, _)| packed & 0x1F_FFFF <= code);
    let Some(&(packed, delta)) = after.checked_sub(1).and_then(|i| LOWERCASE_RUNS.get(i)) else {
        return c;
    };
    let (start, stride, count) = (packed & 0x1F_FFFF, 1 + (packed >> 21 & 1), packed >> 22);
    let offset = code - start;
    if offset % stride == 0 && offset / stride < count {
        char::from_u32(code.wrapping_add_signed(delta)).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::{lowercase_chars, push_lowercase};

    #[test]
    fn every_character_lowercases_as_the_standard_library_says() {
        let mut ours = String::new();
        for c in '\0'..=char::MAX {
            ours.clear();
            push_lowercase(c, &mut ours);
            assert!(
                ours.chars().eq(c.to_lowercase()),
                "{c:?} {:x}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn a_text_lowercases_character_by_character() {
        assert_eq!(lowercase_chars("ÄrgER İ ΣΑΣ".chars()), "ärger i\u{307} σασ");
    }
}
