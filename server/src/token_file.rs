//! The token file: `read = TOKEN` and `write = TOKEN` lines, so tokens stay out of the
//! process list and the shell history. Read here; each token's shape is checked afterwards by
//! [`Token::new`](crate::access::Token::new), the same as a token from the environment.

use std::path::Path;

/// The tokens a token file names. A key the file leaves out stays as the environment or a flag
/// set it; no `Debug`, so the values cannot end up in a log line.
#[derive(Default)]
pub struct TokenFile {
    /// The read token, when the file names one.
    pub read: Option<String>,
    /// The write token, when the file names one.
    pub write: Option<String>,
}

impl TokenFile {
    /// Reads and parses the file at `path`.
    ///
    /// # Errors
    /// A message naming the file when it cannot be read, or naming the file and line of a line
    /// that is not blank, a comment, `read = TOKEN` or `write = TOKEN`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read token file {}: {e}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses a token file's text; `path` only names the file in messages. `#` starts a
    /// comment anywhere on a line (generated tokens, hex or base64, never contain one);
    /// whitespace around names and values is not part of them; when a key repeats, the last
    /// line wins. An empty value is kept, so the shape check refuses it by name instead of
    /// the file silently falling back to another token.
    ///
    /// # Errors
    /// A message naming the file and line of a line that is neither blank, a comment, nor
    /// `read = TOKEN` or `write = TOKEN`.
    pub fn parse(text: &str, path: &Path) -> Result<Self, String> {
        let mut file = Self::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let (name, value) = line.split_once('=').ok_or_else(|| {
                format!(
                    "{}:{}: expected `read = TOKEN` or `write = TOKEN`",
                    path.display(),
                    number + 1
                )
            })?;
            let slot = match name.trim() {
                "read" => &mut file.read,
                "write" => &mut file.write,
                other => {
                    return Err(format!(
                        "{}:{}: unknown key {other:?}; expected read or write",
                        path.display(),
                        number + 1
                    ))
                }
            };
            *slot = Some(value.trim().to_string());
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TokenFile, String> {
        TokenFile::parse(text, Path::new("herald.tokens"))
    }

    #[test]
    fn an_empty_file_names_no_token() {
        for text in ["", "\n", "   \n\t\n"] {
            let file = parse(text).unwrap();
            assert_eq!(file.read, None, "{text:?}");
            assert_eq!(file.write, None, "{text:?}");
        }
    }

    #[test]
    fn trailing_newlines_and_whitespace_are_not_part_of_a_token() {
        let file = parse("  read =  r-token \t\nwrite=w-token\r\n\n").unwrap();
        assert_eq!(file.read.as_deref(), Some("r-token"));
        assert_eq!(file.write.as_deref(), Some("w-token"));
    }

    #[test]
    fn comments_are_skipped_whole_or_after_a_value() {
        let file =
            parse("# tokens for the demo\n   # indented\nwrite = w-token # the lead's\n").unwrap();
        assert_eq!(file.read, None);
        assert_eq!(file.write.as_deref(), Some("w-token"));
    }

    #[test]
    fn the_last_line_for_a_key_wins() {
        let file = parse("read = old\nread = new\n").unwrap();
        assert_eq!(file.read.as_deref(), Some("new"));
    }

    #[test]
    fn an_empty_value_is_kept_for_the_shape_check_to_refuse() {
        let file = parse("write =\n").unwrap();
        assert_eq!(file.write.as_deref(), Some(""));
    }

    #[test]
    fn a_line_that_is_no_setting_is_named_by_file_and_line() {
        let error = parse("read = r\nwrite w\n").err().unwrap();
        assert_eq!(
            error,
            "herald.tokens:2: expected `read = TOKEN` or `write = TOKEN`"
        );
        let error = parse("\nadmin = y\n").err().unwrap();
        assert_eq!(
            error,
            "herald.tokens:2: unknown key \"admin\"; expected read or write"
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.tokens");
        let error = TokenFile::load(&path).err().unwrap();
        assert!(
            error.starts_with(&format!("cannot read token file {}: ", path.display())),
            "{error}"
        );
    }
}
