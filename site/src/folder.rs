//! Publishing the site to a local folder, atomically: each version is written whole into a
//! folder of its own, then one rename swaps the `live` link to it, so a reader (herald-server,
//! nginx) sees the old site or the new one, never half of each. The previous versions stay a
//! while, so a page loaded just before the swap still finds the assets it names.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::SiteFile;

/// How many published versions are kept besides the live one.
const KEEP: usize = 3;
/// The link readers serve from.
pub const LIVE: &str = "live";
/// Where the versions are written.
const VERSIONS: &str = "versions";

/// A folder the site is published into: `{root}/live` always names a whole version.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`, created on first publish.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// What readers serve: `{root}/live`.
    pub fn live(&self) -> PathBuf {
        self.root.join(LIVE)
    }

    /// Writes `files` as version `name` and makes it live.
    ///
    /// # Errors
    /// When the disk refuses a write; the live site is then unchanged.
    pub fn publish(&self, name: &str, files: &[SiteFile]) -> io::Result<()> {
        let versions = self.root.join(VERSIONS);
        fs::create_dir_all(&versions)?;
        let target = versions.join(name);
        let staging = versions.join(format!(".{name}.partial"));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        for file in files {
            let path = inside(&staging, &file.path)?;
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut out = fs::File::create(&path)?;
            out.write_all(&file.body)?;
            out.sync_all()?;
        }
        if target.exists() {
            fs::remove_dir_all(&target)?;
        }
        fs::rename(&staging, &target)?;
        self.swap(&Path::new(VERSIONS).join(name))?;
        self.prune(name)
    }

    /// Points `live` at `relative` with one rename, which replaces the old link atomically.
    fn swap(&self, relative: &Path) -> io::Result<()> {
        let next = self.root.join(".live.next");
        let _ = fs::remove_file(&next);
        link(relative, &next)?;
        fs::rename(&next, self.live())
    }

    /// Removes all but the newest [`KEEP`] versions besides `live_name`; never anything this
    /// publisher did not write (only folders under `versions/`).
    fn prune(&self, live_name: &str) -> io::Result<()> {
        let versions = self.root.join(VERSIONS);
        let mut old: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(&versions)?
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != live_name && e.path().is_dir())
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        old.sort();
        let excess = old.len().saturating_sub(KEEP);
        for (_, path) in old.into_iter().take(excess) {
            fs::remove_dir_all(path)?;
        }
        Ok(())
    }
}

/// `relative` under `base`, refusing any path that could leave it.
fn inside(base: &Path, relative: &str) -> io::Result<PathBuf> {
    let safe = !relative.is_empty()
        && !relative.starts_with('/')
        && relative
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..");
    if safe {
        Ok(base.join(relative))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write {relative:?} outside the site"),
        ))
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn link(_target: &Path, _at: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "publishing to a folder needs symbolic links (Unix)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Freshness, HTML};

    fn file(path: &str, body: &str) -> SiteFile {
        SiteFile {
            path: path.into(),
            body: body.into(),
            content_type: HTML,
            freshness: Freshness::Live,
        }
    }

    #[test]
    fn a_new_version_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::new(dir.path());
        folder
            .publish(
                "v1",
                &[
                    file("index.html", "one"),
                    file("incidents/a/index.html", "a"),
                ],
            )
            .unwrap();
        assert_eq!(
            fs::read_to_string(folder.live().join("index.html")).unwrap(),
            "one"
        );
        folder.publish("v2", &[file("index.html", "two")]).unwrap();
        assert_eq!(
            fs::read_to_string(folder.live().join("index.html")).unwrap(),
            "two"
        );
        assert!(!folder.live().join("incidents/a/index.html").exists());
    }

    #[test]
    fn a_path_that_leaves_the_site_is_refused_and_the_live_site_stays() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::new(dir.path());
        folder.publish("v1", &[file("index.html", "one")]).unwrap();
        let error = folder
            .publish("v2", &[file("../escape.html", "x")])
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(!dir.path().join("versions/escape.html").exists());
        assert_eq!(
            fs::read_to_string(folder.live().join("index.html")).unwrap(),
            "one"
        );
    }

    #[test]
    fn old_versions_are_pruned_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("README"), "mine").unwrap();
        let folder = Folder::new(dir.path());
        for n in 1..=6 {
            folder
                .publish(&format!("v{n}"), &[file("index.html", &n.to_string())])
                .unwrap();
        }
        let kept = fs::read_dir(dir.path().join(VERSIONS)).unwrap().count();
        assert_eq!(kept, KEEP + 1);
        assert_eq!(
            fs::read_to_string(dir.path().join("README")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(folder.live().join("index.html")).unwrap(),
            "6"
        );
    }
}
