//! File access for `file`, `templatefile`, `fileexists` and `path.*`, sandboxed to the
//! scan roots.
//!
//! Each module is read from its own directory, so `path.module` is `"."`, `path.cwd` is
//! the directory, and relative paths resolve against it (`path.root` is `"."` in a root
//! module and the root's directory in a called one). A path is read only when its
//! canonical form (symlinks resolved) lies inside one of the canonical scan roots and the
//! file is at most [`MAX_FILE`] bytes of UTF-8; anything else is unknown and nothing is
//! read.

use std::path::{Component, Path, PathBuf};

/// Largest file read, in bytes.
pub const MAX_FILE: u64 = 1 << 20;

/// Where a module reads files from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAccess {
    /// The module directory (canonical).
    pub dir: PathBuf,
    /// The scan roots (canonical): files outside them are never read.
    pub roots: Vec<PathBuf>,
}

impl FileAccess {
    /// Access for a module in `dir` under `roots` (both canonicalized here); `None` when
    /// the directory cannot be resolved.
    pub fn new(dir: &Path, roots: &[PathBuf]) -> Option<FileAccess> {
        Some(FileAccess {
            dir: dir.canonicalize().ok()?,
            roots: roots.iter().filter_map(|r| r.canonicalize().ok()).collect(),
        })
    }

    /// `path.cwd`: the module directory.
    pub fn cwd(&self) -> Option<String> {
        self.dir.to_str().map(str::to_string)
    }

    /// `abspath(p)`: `p` joined to the module directory and cleaned of `.` and `..`
    /// (no file system access).
    pub fn abspath(&self, p: &str) -> Option<String> {
        clean(&self.dir.join(p)).to_str().map(str::to_string)
    }

    fn inside(&self, p: &Path) -> bool {
        self.roots.iter().any(|r| p.starts_with(r))
    }

    /// The text of the file at `p`, if it is inside the roots, small enough and UTF-8.
    pub fn read(&self, p: &str) -> Option<String> {
        let real = self.dir.join(p).canonicalize().ok()?;
        if !self.inside(&real) {
            return None;
        }
        let meta = std::fs::metadata(&real).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return None;
        }
        let bytes = std::fs::read(&real).ok()?;
        if bytes.len() as u64 > MAX_FILE {
            return None;
        }
        String::from_utf8(bytes).ok()
    }

    /// `fileexists(p)`: known only inside the roots.
    pub fn exists(&self, p: &str) -> Option<bool> {
        match self.dir.join(p).canonicalize() {
            Ok(real) => self
                .inside(&real)
                .then(|| std::fs::metadata(&real).is_ok_and(|m| m.is_file())),
            Err(_) => self.inside(&clean(&self.dir.join(p))).then_some(false),
        }
    }
}

/// `p` without `.` components, each `..` removing the component before it.
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `dirname(p)` as Terraform computes it (Go's `filepath.Dir`).
pub fn dirname(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    match p.trim_end_matches(|c| c != '/').trim_end_matches('/') {
        "" if p.starts_with('/') => "/".to_string(),
        "" => ".".to_string(),
        d => clean_str(d),
    }
}

/// `basename(p)` as Terraform computes it (Go's `filepath.Base`).
pub fn basename(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if p.is_empty() {
        return ".".to_string();
    }
    if t.is_empty() {
        return "/".to_string();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `filepath.Clean` on a slash path, as far as `dirname` needs it.
fn clean_str(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirname_and_basename_follow_go() {
        assert_eq!(dirname("a/b/c.json"), "a/b");
        assert_eq!(dirname("c.json"), ".");
        assert_eq!(dirname("/c.json"), "/");
        assert_eq!(dirname("./x/../y/z"), "y");
        assert_eq!(dirname(""), ".");
        assert_eq!(basename("a/b/c.json"), "c.json");
        assert_eq!(basename("a/b/"), "b");
        assert_eq!(basename("/"), "/");
        assert_eq!(basename(""), ".");
    }

    #[test]
    fn reads_stay_inside_the_roots() {
        let base = std::env::temp_dir().join(format!("leastpriv-files-{}", std::process::id()));
        let root = base.join("root");
        let module = root.join("m");
        std::fs::create_dir_all(&module).unwrap();
        std::fs::write(module.join("p.json"), "{}").unwrap();
        std::fs::write(base.join("secret.txt"), "nope").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("secret.txt"), module.join("link.txt")).unwrap();
        let access = FileAccess::new(&module, std::slice::from_ref(&root)).unwrap();
        assert_eq!(access.read("p.json").as_deref(), Some("{}"));
        assert_eq!(access.read("./p.json").as_deref(), Some("{}"));
        assert_eq!(access.read("../../secret.txt"), None);
        assert_eq!(access.read("link.txt"), None);
        assert_eq!(access.read("/etc/passwd"), None);
        assert_eq!(access.exists("p.json"), Some(true));
        assert_eq!(access.exists("missing.json"), Some(false));
        assert_eq!(access.exists("../../secret.txt"), None);
        assert_eq!(access.exists("../../../nowhere"), None);
        assert!(access
            .abspath("x/../p.json")
            .unwrap()
            .ends_with("root/m/p.json"));
        let _ = std::fs::remove_dir_all(&base);
    }
}
