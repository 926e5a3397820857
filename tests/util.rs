//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory removed on drop.
pub struct Dir {
    pub path: PathBuf,
}

impl Dir {
    /// A fresh, empty directory named after the test.
    pub fn new(name: &str) -> Dir {
        let path =
            std::env::temp_dir().join(format!("leastpriv-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        Dir { path }
    }

    /// Writes a file (creating parent directories).
    pub fn create(&self, rel: &str, contents: &str) -> PathBuf {
        let p = self.path.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, contents).expect("write file");
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs the built binary with `args` in `cwd`.
pub fn leastpriv(cwd: &Path, args: &[&str]) -> Output {
    leastpriv_env(cwd, args, &[])
}

/// Runs the built binary with extra environment variables.
pub fn leastpriv_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leastpriv"));
    cmd.args(args).current_dir(cwd).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run leastpriv")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
