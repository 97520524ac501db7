//! Writes HTML's 2,125 named character references as one text for the Markdown reader,
//! `\0name\tvalue` per entry (values include tab and line feed, never NUL): html-escape's
//! table holds two pointers per entry, which made it about 68 KB of every browser bundle;
//! the text is about 25 KB and compresses well.

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
    println!("cargo:rerun-if-changed=build.rs");
}
