//! Writes two tables for the Markdown reader.
//!
//! HTML's 2,125 named character references as one text, `\0name\tvalue` per entry (values
//! include tab and line feed, never NUL): html-escape's table holds two pointers per entry,
//! which made it about 68 KB of every browser bundle; the text is about 25 KB and compresses
//! well.
//!
//! The standard library's own Unicode lowercase mapping (this toolchain's, so the same Unicode
//! version as the `core` the bundle is built with) as runs of characters a fixed distance from
//! their lowercase, every one or every other character: 185 runs instead of std's table of
//! 1,462 pairs, about 5 KB of gzip in every bundle that compares reference labels.

use std::fmt::Write as _;

fn main() {
    let mut text = String::new();
    for (name, value) in &html_escape::NAMED_ENTITIES {
        let name = std::str::from_utf8(name).expect("entity names are ASCII");
        let _ = write!(text, "\0{name}\t{value}");
    }
    text.push('\0');
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&out).join("entities.txt"), text)
        .expect("OUT_DIR is writable");
    std::fs::write(
        std::path::Path::new(&out).join("lowercase.rs"),
        lowercase_runs(),
    )
    .expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The lowercase runs as Rust source: `(start | (stride - 1) << 21 | count << 22, delta)`.
fn lowercase_runs() -> String {
    // (start, count, stride, delta) for every character whose lowercase is one other character.
    let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
    for c in '\0'..=char::MAX {
        let mut lower = c.to_lowercase();
        let first = lower.next().expect("every character has a lowercase");
        if lower.next().is_some() {
            // The reader writes this one out itself; any other would need it too.
            assert_eq!(c, '\u{130}', "a new multi-character lowercase: {c:?}");
            continue;
        }
        if first == c || c.is_ascii() {
            continue;
        }
        let (code, delta) = (
            u32::from(c),
            i64::from(u32::from(first)) - i64::from(u32::from(c)),
        );
        if let Some(run) = runs.last_mut() {
            if run.3 == delta && run.1 == 1 && (code - run.0 == 1 || code - run.0 == 2) {
                run.2 = code - run.0;
                run.1 = 2;
                continue;
            }
            if run.3 == delta && code == run.0 + run.1 * run.2 {
                run.1 += 1;
                continue;
            }
        }
        runs.push((code, 1, 1, delta));
    }
    let mut source = String::from(
        "/// Lowercase runs: `(start | (stride - 1) << 21 | count << 22, delta)` (build.rs).\n",
    );
    // Packed numbers, written by a program: separators would not make them readable.
    source.push_str("#[allow(clippy::unreadable_literal)]\n");
    let _ = writeln!(
        source,
        "static LOWERCASE_RUNS: [(u32, i32); {}] = [",
        runs.len()
    );
    for (start, count, stride, delta) in runs {
        assert!(count < 1 << 10 && start < 1 << 21);
        let _ = writeln!(
            source,
            "    ({}, {delta}),",
            start | (stride - 1) << 21 | count << 22
        );
    }
    source.push_str("];\n");
    source
}
