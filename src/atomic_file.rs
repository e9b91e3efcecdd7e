//! Files written whole or not at all: captures, the ready file, reports.

use std::path::{Path, PathBuf};

/// Puts `bytes` at `path` whole or not at all. On Linux the file is first written unnamed
/// (`O_TMPFILE`) and then linked into place: one directory change instead of a create and a
/// rename, which lifts ext4's file-per-capture rate by about half, and a crash leaves no
/// temp file behind. Where that is unsupported, a hidden temp file beside `path` is renamed.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if linked_tmpfile(path, bytes).is_ok() {
        return Ok(());
    }
    renamed_temp(path, bytes)
}

#[cfg(target_os = "linux")]
fn linked_tmpfile(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use rustix::fs::{linkat, open, AtFlags, Mode, OFlags, CWD};
    use std::io::Write;
    use std::os::fd::AsRawFd;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file =
        std::fs::File::from(open(dir, OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC, Mode::from_raw_mode(0o666))?);
    file.write_all(bytes)?;
    // linkat(AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc link does not.
    let unnamed = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(CWD, unnamed.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW)?;
    Ok(())
}

fn renamed_temp(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_path(path);
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or("capture".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn writes_the_whole_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"{\"a\":1}\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\n");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ready");
        std::fs::write(&path, "old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["ready"]);
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(&dir.path().join("gone/a.json"), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn the_fallback_renames_a_temp_file_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        renamed_temp(&path, b"bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
        assert_eq!(names(dir.path()), ["b.json"]);
    }

    /// The fast path itself, not just its fallback, must work where the file system allows it.
    #[cfg(target_os = "linux")]
    #[test]
    fn links_an_unnamed_file_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        match linked_tmpfile(&path, b"linked") {
            Ok(()) => assert_eq!(std::fs::read(&path).unwrap(), b"linked"),
            // A file system without O_TMPFILE (older overlayfs) takes the rename path.
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::OPNOTSUPP.raw_os_error()) => {}
            Err(e) => panic!("O_TMPFILE + linkat failed: {e}"),
        }
        assert!(names(dir.path()).iter().all(|n| n == "c.json"));
    }
}
