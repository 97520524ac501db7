//! What is wrong with a document or a request, and where: one shape and one collector for the
//! feed's checks and the write API's validation, so the same fault reads the same in both.

use std::fmt;

/// One thing wrong in a feed document or a write request, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the offending value (`incidents[0].updates[2].at`).
    pub path: String,
    /// What is wrong with it, in plain words.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.reason)
    }
}

/// Collects problems with their paths.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    /// Adds one problem.
    pub(crate) fn add(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            reason: reason.into(),
        });
    }

    /// A reference to a component nobody defined, worded once for the feed and the write API.
    pub(crate) fn unknown_component(&mut self, path: impl Into<String>, id: &str) {
        self.add(path, format!("no component has id {id:?}"));
    }
}
